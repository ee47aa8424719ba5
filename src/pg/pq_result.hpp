#pragma once
// libpq's results owned as the server owns them (src/server/db_pool.hpp): a PGresult lives in a
// unique_ptr that PQclear()s it, so no exception or early return can leak one.
#include <memory>
#include <string>

extern "C" {
#include <libpq-fe.h>
}

namespace graphgate::pg {

struct ClearPqResult {
    void operator()(PGresult* result) const noexcept { PQclear(result); }
};
using PqResult = std::unique_ptr<PGresult, ClearPqResult>;

// A libpq message without the newline (and spaces) it ends with.
inline std::string trimmed_libpq_message(const char* message) {
    std::string m = message ? message : "";
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    return m;
}

}  // namespace graphgate::pg
