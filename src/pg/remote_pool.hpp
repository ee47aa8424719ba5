#pragma once
// The remote executor's connections (design §8a): one per user mapping, kept for the backend's
// life, as postgres_fdw's connection.c keeps its own.  A connection is taken from the foreign
// server's options and the calling role's user mapping, with postgres_fdw's authentication rule,
// and the session settings its statements rely on go in the startup packet, so that a new
// connection costs no round trips beyond connecting.  ALTER SERVER and ALTER USER MAPPING (or
// dropping them) invalidate it: the next use connects again with the new options.
#include <memory>
#include <string>
#include <unordered_map>

#include "pg/remote_connection.hpp"

namespace graphgate::pg {

struct PooledConnection {
    std::unique_ptr<RemoteConnection> connection;
    unsigned int server = 0;             // foreign server OID
    unsigned int user_mapping = 0;       // user mapping OID (the key)
    unsigned int server_hash = 0;        // syscache hash values, for invalidation
    unsigned int mapping_hash = 0;
    bool invalid = false;                // the server or the mapping changed since it connected
    bool in_pipeline = false;            // libpq pipeline mode entered
    bool in_use = false;                 // a fetch holds it: an invalidation waits for its end
    unsigned int statements = 0;         // statement names handed out (graphgate_<n>)
    unsigned long uses = 0;              // fetches it served
    // Statements prepared on this connection: SQL text -> statement name.
    std::unordered_map<std::string, std::string> prepared;
};

// The connection of the current user to foreign server `server` (the server of source
// `source`), connecting on first use or after an invalidation.  Throws PgError when the user has
// no user mapping, MetadataError when the source cannot be reached; both name the source.
PooledConnection& pooled_connection(const std::string& source, unsigned int server);

// Closes and forgets a connection whose state is unknown (a query interrupted or failed at the
// protocol level); the next request connects again.
void discard_connection(PooledConnection& connection) noexcept;

}  // namespace graphgate::pg
