// Event triggers that keep relationships consistent with DDL on the tables under them.
//   on_ddl_start: before ALTER/DROP of a relation, drop the generated objects that depend on
//                 it (a generated view would otherwise make the user's statement fail);
//   on_ddl_end:   afterwards, bump the metadata version (cached schemas depend on columns)
//                 and check every relationship: regenerate or mark inconsistent.
// Both ignore DDL that graphgate itself runs (OwnDdl).  Names in the user's statement are
// resolved as the user wrote them (their search_path); the catalog work then runs as the
// extension's owner, since the roles whose DDL fires the triggers cannot read the catalog.
#include <string>
#include <utility>
#include <vector>

#include "core/metadata/error.hpp"
#include "pg/catalog.hpp"
#include "pg/catalog_session.hpp"
#include "pg/guard.hpp"

extern "C" {
#include "catalog/namespace.h"
#include "commands/event_trigger.h"
#include "nodes/parsenodes.h"
#include "utils/lsyscache.h"
}

using namespace graphgate::pg;

namespace {

using Relations = std::vector<std::pair<std::string, std::string>>;

// Adds the relation a RangeVar names, if it exists.  Only plain Postgres calls inside pg_call;
// the strings are copied out after it.
void add_range_var(Relations& out, RangeVar* rv) {
    if (!rv) return;
    char* schema = nullptr;
    char* name = nullptr;
    pg_call([&]() noexcept {
        Oid relid = RangeVarGetRelid(rv, NoLock, true);
        if (OidIsValid(relid)) {
            schema = get_namespace_name(get_rel_namespace(relid));
            name = get_rel_name(relid);
        }
    });
    if (schema && name) out.emplace_back(schema, name);
}

Relations affected_relations(Node* tree) {
    Relations out;
    if (!tree) return out;
    switch (nodeTag(tree)) {
        case T_AlterTableStmt: add_range_var(out, reinterpret_cast<AlterTableStmt*>(tree)->relation); break;
        case T_RenameStmt: add_range_var(out, reinterpret_cast<RenameStmt*>(tree)->relation); break;
        case T_AlterObjectSchemaStmt: add_range_var(out, reinterpret_cast<AlterObjectSchemaStmt*>(tree)->relation); break;
        case T_DropStmt: {
            auto* drop = reinterpret_cast<DropStmt*>(tree);
            ListCell* cell;
            if (drop->removeType == OBJECT_SCHEMA) {
                foreach (cell, drop->objects) out.emplace_back(strVal(lfirst(cell)), "");
            } else if (drop->removeType == OBJECT_TABLE || drop->removeType == OBJECT_FOREIGN_TABLE ||
                       drop->removeType == OBJECT_VIEW || drop->removeType == OBJECT_MATVIEW) {
                foreach (cell, drop->objects) {
                    RangeVar* rv = pg_call([&]() noexcept { return makeRangeVarFromNameList(static_cast<List*>(lfirst(cell))); });
                    add_range_var(out, rv);
                }
            }
            break;
        }
        default: break;
    }
    return out;
}

void require_event_trigger(FunctionCallInfo fcinfo) {
    if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
        throw graphgate::MetadataError("unexpected", "graphgate's DDL functions must be called as event triggers");
}

}  // namespace

GG_FUNCTION(graphgate_on_ddl_start)
static Datum graphgate_on_ddl_start_impl(FunctionCallInfo fcinfo) {
    require_event_trigger(fcinfo);
    if (OwnDdl::active()) PG_RETURN_VOID();
    Relations relations = affected_relations(reinterpret_cast<EventTriggerData*>(fcinfo->context)->parsetree);
    if (relations.empty()) PG_RETURN_VOID();
    in_catalog_session(CatalogAs::ExtensionOwner, [&](Spi& spi) {
        name_local_source(spi);
        drop_objects_of_relations(spi, relations);
    });
    PG_RETURN_VOID();
}

GG_FUNCTION(graphgate_on_ddl_end)
static Datum graphgate_on_ddl_end_impl(FunctionCallInfo fcinfo) {
    require_event_trigger(fcinfo);
    if (OwnDdl::active()) PG_RETURN_VOID();
    in_catalog_session(CatalogAs::ExtensionOwner, [](Spi& spi) {
        if (!spi.scalar("SELECT 1 FROM graphgate.tables LIMIT 1")) return;
        name_local_source(spi);
        // Columns, types or privileges of tracked tables may have changed: the cached GraphQL
        // schemas and statements of every backend are keyed by this version.
        spi.exec("UPDATE graphgate.metadata_version SET version = pg_catalog.nextval('graphgate.metadata_version_seq')");
        if (spi.scalar("SELECT 1 FROM graphgate.relationships LIMIT 1")) check_relationships(spi);
    });
    PG_RETURN_VOID();
}
