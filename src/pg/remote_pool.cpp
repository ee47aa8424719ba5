#include "pg/remote_pool.hpp"

#include "pg/guard.hpp"

extern "C" {
#include <libpq-fe.h>

#include "mb/pg_wchar.h"
#include "utils/inval.h"
#include "utils/syscache.h"
}

namespace graphgate::pg {
namespace {

// What every statement the executor sends assumes, set once per connection in the startup
// packet: names qualified by the compiler resolve the same whatever the remote role's settings,
// timestamps come back in UTC and floats exactly, as graphql()'s own output.
constexpr const char* kSessionOptions =
    "-c search_path=pg_catalog -c TimeZone=UTC -c extra_float_digits=3 -c DateStyle=ISO,YMD "
    "-c IntervalStyle=postgres";

using Pool = std::unordered_map<unsigned int, PooledConnection>;  // by user mapping OID

Pool& pool() {
    static Pool connections;
    return connections;
}

// Syscache callbacks (as postgres_fdw's pgfdw_inval_callback): mark the connections whose server
// or user mapping changed; they reconnect at their next use.  Safe without a guard: it only walks
// the map and sets flags, nothing here allocates or can raise.
void invalidate(Datum arg, int cache_id, uint32 hash) noexcept {
    for (auto& [id, c] : pool()) {
        if (hash == 0 || (cache_id == FOREIGNSERVEROID && c.server_hash == hash) ||
            (cache_id == USERMAPPINGOID && c.mapping_hash == hash))
            c.invalid = true;
    }
}

void register_callbacks() {
    static bool registered = false;
    if (registered) return;
    pg_call([]() noexcept {
        CacheRegisterSyscacheCallback(FOREIGNSERVEROID, invalidate, (Datum)0);
        CacheRegisterSyscacheCallback(USERMAPPINGOID, invalidate, (Datum)0);
    });
    registered = true;
}

}  // namespace

PooledConnection& pooled_connection(const std::string& source, unsigned int server) {
    register_callbacks();
    Pool& connections = pool();
    // Every request comes here: the pooled connection is found by the mapping alone, and the
    // options are read only to connect.
    auto it = connections.find(user_mapping_of(server));
    if (it != connections.end() &&
        (it->second.in_use || (!it->second.invalid && it->second.server == server &&
                               PQstatus(it->second.connection->raw()) == CONNECTION_OK)))
        return it->second;
    if (it != connections.end()) connections.erase(it);

    FdwConnection fdw = fdw_connection(server);
    Options options = fdw.options;
    std::string session = kSessionOptions;
    for (const auto& [k, v] : fdw.options)
        if (k == "options") session = v + " " + session;  // the server's own come first, ours win
    options.emplace_back("options", session);
    options.emplace_back("client_encoding", pg_call([]() noexcept { return GetDatabaseEncodingName(); }));
    PooledConnection entry;
    entry.connection = std::make_unique<RemoteConnection>(source, options, fdw.password_required);
    entry.server = server;
    entry.user_mapping = fdw.user_mapping;
    pg_call([&]() noexcept {
        entry.server_hash = GetSysCacheHashValue1(FOREIGNSERVEROID, ObjectIdGetDatum(server));
        entry.mapping_hash = GetSysCacheHashValue1(USERMAPPINGOID, ObjectIdGetDatum(fdw.user_mapping));
    });
    return connections[fdw.user_mapping] = std::move(entry);
}

void discard_connection(PooledConnection& connection) noexcept {
    Pool& connections = pool();
    connections.erase(connection.user_mapping);
}

}  // namespace graphgate::pg
