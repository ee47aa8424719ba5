#include "core/compile/write_errors.hpp"

namespace graphgate::compile {

GraphQLError write_error(const std::string& sqlstate, const std::string& message,
                         const std::vector<PathSegment>& argument) {
    struct Prefix {
        const char* sqlstate;
        const char* text;
    };
    static const Prefix integrity[] = {
        {"23505", "Uniqueness violation. "},
        {"23503", "Foreign key violation. "},
        {"23502", "Not-NULL violation. "},
        {"23514", "Check constraint violation. "},
        {"23P01", "Exclusion violation. "},
        {"23001", "Can not delete or update due to data being referred. "},
    };
    for (const Prefix& p : integrity)
        if (sqlstate == p.sqlstate) return GraphQLError(p.text + message, {}, "constraint-violation", argument);
    if (sqlstate == "42501") {
        // Postgres says "new row violates row-level security policy ..." for a WITH CHECK (or an
        // INSERT's USING) that the written row fails: Hasura's failed permission check.
        if (message.rfind("new row violates row-level security policy", 0) == 0)
            return GraphQLError("check constraint of an insert/update permission has failed", {}, "permission-error");
        return GraphQLError(message, {}, "permission-error");
    }
    if (sqlstate.compare(0, 2, "22") == 0) return GraphQLError(message, {}, "data-exception", argument);
    if (sqlstate == "42P10") return GraphQLError(message, {}, "constraint-error", argument);
    return GraphQLError(message, {}, "postgres-error");
}

}  // namespace graphgate::compile
