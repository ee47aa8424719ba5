#include "pg/remote_requests.hpp"

#include <unordered_map>

#include "core/metadata/error.hpp"
#include "core/sql/quote.hpp"
#include "pg/guard.hpp"

extern "C" {
#include "catalog/namespace.h"
#include "utils/lsyscache.h"
}

namespace graphgate::pg {
namespace {

struct Registry {
    int64_t next = 1;
    std::unordered_map<int64_t, RegisteredRequest> requests;
};

Registry& registry() {
    static Registry r;
    return r;
}

}  // namespace

int64_t next_remote_id() { return registry().next; }

void register_remote_requests(int64_t first, const std::vector<compile::RemoteRequest>& requests) {
    Registry& r = registry();
    for (size_t i = 0; i < requests.size(); ++i) {
        const compile::RemoteRequest& request = requests[i];
        RegisteredRequest registered{request, {}};
        for (const compile::RemoteRequest::Read& read : request.reads) {
            Oid table = pg_call([&]() noexcept {
                Oid schema = get_namespace_oid(read.schema.c_str(), false);
                Oid relid = get_relname_relid(read.table.c_str(), schema);
                if (!OidIsValid(relid))
                    ereport(ERROR, (errcode(ERRCODE_UNDEFINED_TABLE),
                                    errmsg("foreign table \"%s.%s\" of source \"%s\" does not exist", read.schema.c_str(),
                                           read.table.c_str(), request.source.c_str())));
                return relid;
            });
            registered.tables.push_back(table);
        }
        r.requests[first + static_cast<int64_t>(i)] = std::move(registered);
    }
    r.next = std::max(r.next, first + static_cast<int64_t>(requests.size()));
}

void forget_remote_requests(int64_t first, size_t count) noexcept {
    Registry& r = registry();
    for (size_t i = 0; i < count; ++i) r.requests.erase(first + static_cast<int64_t>(i));
}

const RegisteredRequest& registered_request(int64_t id) {
    Registry& r = registry();
    auto it = r.requests.find(id);
    if (it == r.requests.end())
        throw MetadataError("unexpected", "graphgate: remote request " + std::to_string(id) +
                                              " is not one of this session's compiled statements")
            .with_sqlstate("22023");
    return it->second;
}

}  // namespace graphgate::pg
