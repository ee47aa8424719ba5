#pragma once
// Executes parsed metadata requests against the catalog: the engine behind graphgate.metadata()
// and the server's /v1/metadata and /v1/query.
#include "core/json.hpp"

#include "core/metadata/requests.hpp"
#include "pg/spi.hpp"

namespace graphgate::pg {

// Runs one request; returns Hasura's success body.  Throws MetadataError or PgError; the caller
// decides whether that becomes an error object or an ERROR.
Json execute_request(Spi& spi, const ParsedRequest& request);

// The whole of graphgate.metadata(): parse, run atomically (a subtransaction), and answer with
// the success body or Hasura's error object.  Only errors that must stop the statement
// (cancellation, out of memory) escape as exceptions.
Json run_metadata_request(Spi& spi, const Json& body);

}  // namespace graphgate::pg
