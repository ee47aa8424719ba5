#include "server/console.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#ifndef GRAPHGATE_CONSOLE_DIR
#define GRAPHGATE_CONSOLE_DIR "/usr/local/share/graphgate/console"
#endif

namespace graphgate::server {

namespace fs = std::filesystem;
namespace http = boost::beast::http;

namespace {

constexpr const char* kPrefix = "/console";
// index.html is looked at again on every visit (and costs a 304 when unchanged); the assets
// carry their version in their path, so a new version is a new URL.
constexpr const char* kIndexCaching = "no-cache";
constexpr const char* kAssetCaching = "public, max-age=31536000, immutable";
// The page only talks to this server: no script, style, font or request may go elsewhere.
// Inline script and style are GraphiQL's bootstrap in index.html and React's style attributes.
constexpr const char* kIndexPolicy =
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'";

const char* content_type_of(const std::string& name) {
    const auto dot = name.rfind('.');
    const std::string ext = dot == std::string::npos ? "" : name.substr(dot + 1);
    if (ext == "html") return "text/html; charset=utf-8";
    if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
    if (ext == "css") return "text/css; charset=utf-8";
    if (ext == "json" || ext == "map") return "application/json; charset=utf-8";
    if (ext == "svg") return "image/svg+xml";
    if (ext == "png") return "image/png";
    if (ext == "ico") return "image/x-icon";
    if (ext == "woff2") return "font/woff2";
    if (ext == "woff") return "font/woff";
    if (ext == "txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

// A strong validator: 64-bit FNV-1a of the content.  Not for security, only "did it change".
std::string etag_of(const std::string& body) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : body) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char out[19];
    std::snprintf(out, sizeof out, "\"%016llx\"", static_cast<unsigned long long>(h));
    return out;
}

// A path below /console/ that may name a file: "assets/" then segments of letters, digits and
// . _ - @ +, none empty and none starting with a dot.  This refuses "..", ".", "//", backslashes
// and percent-encoding (none of the build's file names needs them), before any lookup.
bool valid_relative(const std::string& rel) {
    if (rel.rfind("assets/", 0) != 0) return false;
    std::size_t start = 0;
    while (start <= rel.size()) {
        const std::size_t end = std::min(rel.find('/', start), rel.size());
        if (end == start || rel[start] == '.') return false;
        for (std::size_t i = start; i < end; ++i) {
            const char c = rel[i];
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                            c == '_' || c == '-' || c == '@' || c == '+';
            if (!ok) return false;
        }
        start = end + 1;
    }
    return true;
}

// If-None-Match: a list of entity tags or "*"; weak comparison (RFC 9110 §13.1.2), so W/"x"
// matches "x".
bool matches_etag(boost::beast::string_view header, const std::string& etag) {
    std::string list(header);
    std::size_t pos = 0;
    while (pos < list.size()) {
        std::size_t comma = list.find(',', pos);
        if (comma == std::string::npos) comma = list.size();
        std::string tag = list.substr(pos, comma - pos);
        tag.erase(0, tag.find_first_not_of(" \t"));
        tag.erase(tag.find_last_not_of(" \t") + 1);
        if (tag.rfind("W/", 0) == 0) tag.erase(0, 2);
        if (tag == "*" || tag == etag) return true;
        pos = comma + 1;
    }
    return false;
}

}  // namespace

Console::Console(std::string dir) : dir_(std::move(dir)) {
    std::error_code ec;
    const fs::path root(dir_);
    if (!fs::is_regular_file(root / "index.html", ec)) {
        problem_ = "no index.html in " + dir_ + " (build with make, or set --console-dir)";
        return;
    }
    try {
        load("index.html", (root / "index.html").string());
        if (fs::is_directory(root / "assets", ec)) {
            for (const auto& entry : fs::recursive_directory_iterator(root / "assets")) {
                if (!entry.is_regular_file()) continue;
                const std::string rel = entry.path().lexically_relative(root).generic_string();
                // A file no URL could name (a dot file, an odd character) is left out.
                if (valid_relative(rel)) load(rel, entry.path().string());
            }
        }
    } catch (const std::exception& e) {
        files_.clear();
        problem_ = std::string("cannot read ") + dir_ + ": " + e.what();
    }
}

void Console::load(const std::string& relative, const std::string& full) {
    std::ifstream in(full, std::ios::binary);
    std::ostringstream body;
    body << in.rdbuf();
    if (!in || !body) throw std::runtime_error("cannot read " + full);
    File f;
    f.body = std::move(body).str();
    f.content_type = content_type_of(relative);
    f.etag = etag_of(f.body);
    f.immutable = relative != "index.html";
    files_.emplace(relative, std::move(f));
}

std::size_t Console::total_bytes() const {
    std::size_t n = 0;
    for (const auto& [name, f] : files_) n += f.body.size();
    return n;
}

std::optional<Console::Response> Console::serve(const std::string& path, const Request& req) const {
    std::string rel;
    if (path == kPrefix || path == std::string(kPrefix) + "/") {
        rel = "index.html";
    } else {
        rel = path.substr(std::string(kPrefix).size() + 1);
        if (!valid_relative(rel)) return std::nullopt;
    }
    auto it = files_.find(rel);
    if (it == files_.end()) return std::nullopt;
    const File& f = it->second;

    Response res;
    res.version(req.version());
    res.set(http::field::cache_control, f.immutable ? kAssetCaching : kIndexCaching);
    res.set(http::field::etag, f.etag);
    // Browsers must not guess another type than the one given (a .js served as text/html).
    res.set("x-content-type-options", "nosniff");
    if (!f.immutable) {
        res.set("content-security-policy", kIndexPolicy);
        res.set("referrer-policy", "no-referrer");
    }
    auto inm = req.find(http::field::if_none_match);
    if (inm != req.end() && matches_etag(inm->value(), f.etag)) {
        res.result(http::status::not_modified);
        return res;
    }
    res.result(http::status::ok);
    res.set(http::field::content_type, f.content_type);
    res.body() = f.body;
    return res;
}

bool is_console_path(const std::string& path) {
    return path == kPrefix || path.rfind(std::string(kPrefix) + "/", 0) == 0;
}

const char* installed_console_dir() { return GRAPHGATE_CONSOLE_DIR; }

std::string default_console_dir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path beside = exe.parent_path() / "console";
        if (fs::is_regular_file(beside / "index.html", ec)) return beside.string();
    }
    return installed_console_dir();
}

}  // namespace graphgate::server
