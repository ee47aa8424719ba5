#pragma once
// The remote requests of this backend's compiled statements, by id.  A compiled statement calls
// graphgate.remote_fetch() with request ids and parameter values only: the SQL each id stands
// for lives here, registered when the statement was compiled, so that a caller of
// remote_fetch() can send nothing to a source but what graphgate compiled for it.
#include <cstdint>
#include <vector>

#include "core/compile/compiler.hpp"

namespace graphgate::pg {

struct RegisteredRequest {
    compile::RemoteRequest request;
    std::vector<unsigned int> tables;  // OIDs of request.reads' foreign tables, in order
};

// The id the next compiled statement's first remote request gets (CompileInput::first_remote_id).
int64_t next_remote_id();
// Registers a statement's requests under first, first + 1, ... (first: what next_remote_id()
// said before it was compiled), resolving the foreign tables they read; throws PgError if one no
// longer exists.
void register_remote_requests(int64_t first, const std::vector<compile::RemoteRequest>& requests);
void forget_remote_requests(int64_t first, size_t count) noexcept;
// Throws MetadataError for an id nothing registered.
const RegisteredRequest& registered_request(int64_t id);

}  // namespace graphgate::pg
