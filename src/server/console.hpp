// GET /console: GraphiQL, served from static files.  The build (server.mk) copies the pinned npm
// files into build/console; `make install` copies that folder to SHAREDIR/graphgate/console.
//
//   /console, /console/     index.html  (Cache-Control: no-cache, so a new build shows at once)
//   /console/assets/...     versioned vendor files (their names carry the npm version, so they
//                           may be cached for a year as immutable)
//
// Every file is read into memory at start: requests never touch the file system, so no request
// path can reach a file outside the folder, and a half-copied install cannot be half-served.
#pragma once

#include <boost/beast/http.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>

namespace graphgate::server {

class Console {
public:
    using Request = boost::beast::http::request<boost::beast::http::string_body>;
    using Response = boost::beast::http::response<boost::beast::http::string_body>;

    // Reads DIR/index.html and every regular file under DIR/assets.  Never throws: when the
    // folder or its index.html is missing or unreadable, available() is false and problem()
    // says why (the server still runs; /console answers 404 with that text).
    explicit Console(std::string dir);

    bool available() const { return problem_.empty(); }
    const std::string& problem() const { return problem_; }
    const std::string& dir() const { return dir_; }
    std::size_t file_count() const { return files_.size(); }
    std::size_t total_bytes() const;

    // The response to a GET of `path` (the target without its query string), or nullopt when
    // no file answers to it (the router then sends its usual 404).  Handles If-None-Match.
    std::optional<Response> serve(const std::string& path, const Request& req) const;

private:
    struct File {
        std::string body;
        std::string content_type;
        std::string etag;  // strong, quoted: a hash of the content
        bool immutable;    // under assets/: versioned file names
    };
    void load(const std::string& relative, const std::string& full);

    std::string dir_;
    std::string problem_;
    std::map<std::string, File> files_;  // "index.html", "assets/graphiql-4.1.2/graphiql.min.js", ...
};

// Whether `path` belongs to the console (/console or anything under /console/).
bool is_console_path(const std::string& path);

// The folder used when --console-dir is not given: console/ beside the running executable when
// it holds an index.html (a build tree: build/graphgate-server next to build/console), else the
// installed SHAREDIR/graphgate/console.
std::string default_console_dir();

// The installed location, fixed at build time from pg_config --sharedir.
const char* installed_console_dir();

}  // namespace graphgate::server
