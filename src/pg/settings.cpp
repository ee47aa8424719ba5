#include "pg/settings.hpp"

extern "C" {
#include "postgres.h"

#include "utils/guc.h"
}

namespace graphgate::pg {
namespace {

bool stringify_numeric_types_setting = false;

}  // namespace

// Runs in _PG_init, outside any guard: DefineCustom*Variable and MarkGUCPrefixReserved raise
// only on a programming error (a duplicate name), and nothing here has a destructor.
void define_settings() {
    DefineCustomBoolVariable("graphgate.stringify_numeric_types",
                             "Answers bigint, numeric and double precision values as JSON strings.",
                             "As Hasura's HASURA_GRAPHQL_STRINGIFY_NUMERIC_TYPES: for clients whose JSON numbers "
                             "are IEEE doubles, which cannot hold every such value exactly.",
                             &stringify_numeric_types_setting, false, PGC_USERSET, 0, nullptr, nullptr, nullptr);
    MarkGUCPrefixReserved("graphgate");
}

bool stringify_numeric_types() { return stringify_numeric_types_setting; }

}  // namespace graphgate::pg
