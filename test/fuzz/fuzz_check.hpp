#pragma once
// Property checks of the fuzz targets: a violated property aborts with what was violated and
// the text it was found in, which libFuzzer reports as a crash and keeps the input of.
#include <cstdio>
#include <cstdlib>
#include <string>

namespace graphgate::fuzz {

[[noreturn]] inline void violated(const char* what, const std::string& context = {}) {
    std::fprintf(stderr, "property violated: %s\n%s\n", what, context.c_str());
    std::abort();
}

inline void check(bool condition, const char* what, const std::string& context = {}) {
    if (!condition) violated(what, context);
}

}  // namespace graphgate::fuzz
