#pragma once
// A direct libpq connection to a remote source, for what the FDW cannot do: checking that a new
// source is reachable, and reading the remote catalog (keys and foreign keys) when a table is
// tracked.  Connection options come from the same places postgres_fdw takes them (the foreign
// server and the current user's user mapping), so both see the database as the same user.
#include <string>
#include <utility>
#include <vector>

#include "pg/spi.hpp"

struct pg_conn;

namespace graphgate::pg {

using Options = std::vector<std::pair<std::string, std::string>>;

struct SplitConnection {
    Options server;  // goes into CREATE SERVER ... OPTIONS
    Options user;    // goes into CREATE USER MAPPING ... OPTIONS (user, password, ...)
};

// Parses a libpq conninfo string or URI and splits it the way postgres_fdw wants its options.
// Throws MetadataError naming the source; never echoes the string (it may hold a password).
SplitConnection split_connection(const std::string& source, const std::string& conninfo);

// libpq options of foreign server `server` plus the current user's mapping for it.
Options fdw_connection_options(const std::string& server);

// The same by the server's OID, with what the remote executor also needs: the user mapping's
// OID and its password_required option (postgres_fdw's; only a superuser can set it to false).
// Throws PgError when the current user has no user mapping for the server.
struct FdwConnection {
    Options options;
    unsigned int user_mapping = 0;
    bool password_required = true;
};
FdwConnection fdw_connection(unsigned int server);

// Only the user mapping's OID (what a pooled connection is found by), without reading options.
unsigned int user_mapping_of(unsigned int server);

// Every wait (connecting, sending, waiting for the answer) is a WaitLatchOrSocket that processes
// interrupts, as postgres_fdw's connection.c: statement_timeout and pg_cancel_backend stop it
// (PgError), and a query under way is cancelled on the remote side (PQcancel) first.
class RemoteConnection {
public:
    // Connects or throws MetadataError ("could not connect to source ..."), within a bounded
    // time (connect_timeout, 10 seconds unless the options say otherwise).  A non-superuser
    // must authenticate with a password, as with postgres_fdw, unless a superuser set the user
    // mapping's password_required to false (`password_required`).
    RemoteConnection(const std::string& source, const Options& options, bool password_required = true);
    ~RemoteConnection();
    RemoteConnection(const RemoteConnection&) = delete;
    RemoteConnection& operator=(const RemoteConnection&) = delete;

    // One statement; throws MetadataError if it fails remotely, PgError if interrupted.
    Rows query(const std::string& sql, const std::vector<Value>& params = {});

    // For the remote executor, which drives several connections at once (remote_fetch.cpp).
    pg_conn* raw() const { return conn_; }
    const std::string& source() const { return source_; }
    // Asks the remote to stop the query under way (PQcancel), without waiting for its answer.
    void cancel() noexcept;

private:
    void connect(const Options& options, bool password_required);
    void release() noexcept;

    std::string source_;
    pg_conn* conn_ = nullptr;
    bool holds_fd_ = false;  // an external FD reserved with fd.c, as postgres_fdw does
};

}  // namespace graphgate::pg
