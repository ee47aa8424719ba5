// Relationships: creating them (validated against both tables' columns and types), their
// generated batch function and view in graphgate_rel, dropping them, and keeping them
// consistent when DDL changes the tables under them.
#include <algorithm>
#include <map>
#include "core/json.hpp"
#include <string>

#include "core/metadata/error.hpp"
#include "core/sql/quote.hpp"
#include "pg/catalog.hpp"
#include "pg/relationship_objects.hpp"

namespace graphgate::pg {
namespace {

using sql::quote_ident;
using sql::quote_literal;
using sql::quote_qualified;

struct Column {
    std::string type;       // format_type without typmod: what the batch function's arrays hold
    std::string base_type;  // oid of the type, domains resolved, for compatibility checks
};

// Columns of a relation of this database, by name.  Empty if the relation does not exist.
std::map<std::string, Column> columns_of(Spi& spi, const std::string& schema, const std::string& name) {
    Rows rows = spi.query(
        "SELECT a.attname, pg_catalog.format_type(a.atttypid, NULL), "
        "       (CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE a.atttypid END)::text "
        "FROM pg_catalog.pg_attribute a "
        "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
        "WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped",
        {schema, name});
    std::map<std::string, Column> out;
    for (auto& row : rows.rows) out[*row[0]] = Column{*row[1], *row[2]};
    return out;
}

// Same type, or an implicit cast either way (integer and bigint, varchar and text): values of
// one can be compared with the other without surprises.  text and integer are not.
bool types_compatible(Spi& spi, const Column& a, const Column& b) {
    if (a.base_type == b.base_type) return true;
    return spi
        .scalar("SELECT 1 FROM pg_catalog.pg_cast WHERE castcontext = 'i' AND "
                "((castsource = $1::oid AND casttarget = $2::oid) OR (castsource = $2::oid AND casttarget = $1::oid))",
                {a.base_type, b.base_type})
        .has_value();
}

std::string describe(const RelationshipRow& rel) {
    return "relationship \"" + rel.name + "\" of table \"" + rel.table.display() + "\"";
}

// What is wrong with a relationship given the database as it is now, if anything.
std::optional<MetadataError> find_problem(Spi& spi, const RelationshipRow& rel, const TrackedTable& from,
                                          const TrackedTable& to, const std::string& from_source,
                                          const std::string& to_source) {
    auto here = columns_of(spi, from.local_schema, from.local_name);
    if (here.empty())
        return MetadataError("not-exists", "in " + describe(rel) + ": table \"" + from.table.display() +
                                               "\" of source \"" + from_source + "\" does not exist");
    auto there = columns_of(spi, to.local_schema, to.local_name);
    if (there.empty())
        return MetadataError("not-exists", "in " + describe(rel) + ": target table \"" + to.table.display() +
                                               "\" of source \"" + to_source + "\" does not exist");
    for (const auto& [from_col, to_col] : rel.mapping) {
        auto a = here.find(from_col);
        if (a == here.end())
            return MetadataError("not-exists", "in " + describe(rel) + ": column \"" + from_col +
                                                   "\" does not exist in table \"" + from.table.display() +
                                                   "\" of source \"" + from_source + "\"");
        auto b = there.find(to_col);
        if (b == there.end())
            return MetadataError("not-exists", "in " + describe(rel) + ": column \"" + to_col +
                                                   "\" does not exist in table \"" + to.table.display() +
                                                   "\" of source \"" + to_source + "\"");
        if (!types_compatible(spi, a->second, b->second))
            return MetadataError("invalid-configuration",
                                 "in " + describe(rel) + ": column \"" + from_col + "\" (" + a->second.type +
                                     ") cannot be mapped to column \"" + to_col + "\" (" + b->second.type +
                                     ") of table \"" + to.table.display() + "\": the types are not compatible")
                .with_hint("Map columns of the same type, or of types with an implicit cast between them.");
    }
    return std::nullopt;
}

std::vector<std::string> string_list(const Json& value) {
    std::vector<std::string> out;
    for (const auto& v : value) out.push_back(v.get<std::string>());
    return out;
}

// The foreign key of `table` on `columns` (in any order); its ref side is (schema, table, cols).
const Json* find_foreign_key(const TrackedTable& table, const std::vector<std::string>& columns,
                                       const std::optional<TableName>& referencing) {
    std::vector<std::string> wanted = columns;
    std::sort(wanted.begin(), wanted.end());
    for (const auto& fk : table.foreign_keys) {
        std::vector<std::string> have = string_list(fk["columns"]);
        std::sort(have.begin(), have.end());
        if (have != wanted) continue;
        if (referencing && (fk["ref_schema"] != referencing->schema || fk["ref_table"] != referencing->name)) continue;
        return &fk;
    }
    return nullptr;
}

std::string column_list_text(const std::vector<std::string>& columns) {
    std::string out;
    for (const auto& c : columns) out += (out.empty() ? "\"" : ", \"") + c + "\"";
    return out;
}

// Checks the name against the table's columns and relationships, then stores and generates.
void store_relationship(Spi& spi, RelationshipRow& rel, const TrackedTable& from, const TrackedTable& to,
                        const Source& from_source, const Source& to_source) {
    auto columns = columns_of(spi, from.local_schema, from.local_name);
    if (columns.count(rel.name))
        throw MetadataError("already-exists", "field definition conflicts with postgres column: " + describe(rel) +
                                                  " has the name of one of its columns");
    if (spi.scalar("SELECT 1 FROM graphgate.relationships WHERE source = $1 AND table_schema = $2 AND "
                   "table_name = $3 AND name = $4",
                   {rel.source, rel.table.schema, rel.table.name, rel.name}))
        throw MetadataError("already-exists", describe(rel) + " of source \"" + from_source.name +
                                                  "\" already exists");
    if (auto problem = find_problem(spi, rel, from, to, from_source.name, to_source.name))
        throw *problem;
    assign_object_names(spi, rel, from_source);
    insert_relationship(spi, rel);
    generate_objects(spi, rel, from, to);
}

// The table a relationship is defined on: it must be tracked.
TrackedTable require_tracked(Spi& spi, const Source& source, const TableName& table) {
    auto found = find_tracked_table(spi, source, table);
    if (!found)
        throw MetadataError("not-exists", "table \"" + table.display() + "\" is not tracked in source \"" +
                                              source.name + "\"");
    return *found;
}

RelationshipRow new_row(const Source& source, const TableName& table, const std::string& name, RelationshipKind kind,
                        bool is_remote) {
    RelationshipRow rel;
    rel.source = source.name;
    rel.table = table;
    rel.name = name;
    rel.kind = kind;
    rel.is_remote = is_remote;
    return rel;
}

}  // namespace

void create_relationship(Spi& spi, const CreateRelationship& cmd) {
    Source source = find_source(spi, cmd.source);
    TrackedTable from = require_tracked(spi, source, cmd.table);
    RelationshipRow rel = new_row(source, cmd.table, cmd.name, cmd.kind, false);
    rel.target_source = source.name;
    rel.using_json = cmd.using_json;

    std::optional<TrackedTable> to;
    if (auto* fk_here = std::get_if<ForeignKeyOnThisTable>(&cmd.using_clause)) {
        const Json* fk = find_foreign_key(from, fk_here->columns, std::nullopt);
        if (!fk)
            throw MetadataError("not-exists", "no foreign key constraint exists on column(s) " +
                                                  column_list_text(fk_here->columns) + " of table \"" +
                                                  cmd.table.display() + "\"");
        rel.target_table = TableName{(*fk)["ref_schema"], (*fk)["ref_table"]};
        auto cols = string_list((*fk)["columns"]);
        auto refs = string_list((*fk)["ref_columns"]);
        for (size_t i = 0; i < cols.size(); ++i) rel.mapping.emplace_back(cols[i], refs[i]);
        to = find_or_track_table(spi, source, rel.target_table);
    } else if (auto* fk_there = std::get_if<ForeignKeyOnOtherTable>(&cmd.using_clause)) {
        rel.target_table = fk_there->table;
        to = find_or_track_table(spi, source, rel.target_table);
        const Json* fk = find_foreign_key(*to, fk_there->columns, cmd.table);
        if (!fk)
            throw MetadataError("not-exists", "no foreign key constraint exists on column(s) " +
                                                  column_list_text(fk_there->columns) + " of table \"" +
                                                  fk_there->table.display() + "\" referencing table \"" +
                                                  cmd.table.display() + "\"");
        auto cols = string_list((*fk)["columns"]);
        auto refs = string_list((*fk)["ref_columns"]);
        for (size_t i = 0; i < cols.size(); ++i) rel.mapping.emplace_back(refs[i], cols[i]);
    } else {
        const auto& manual = std::get<ManualConfiguration>(cmd.using_clause);
        rel.target_table = manual.remote_table;
        rel.mapping = manual.mapping;
        to = find_or_track_table(spi, source, rel.target_table);
    }
    store_relationship(spi, rel, from, *to, source, source);
}

void create_remote_relationship(Spi& spi, const CreateRemoteRelationship& cmd) {
    Source source = find_source(spi, cmd.source);
    TrackedTable from = require_tracked(spi, source, cmd.table);
    Source target;
    try {
        target = find_source(spi, cmd.target_source);
    } catch (const MetadataError& e) {
        throw MetadataError("not-exists", std::string("remote ") + e.what());
    }
    if (cmd.replace) {
        if (!find_relationship(spi, source.name, cmd.table, cmd.name))
            throw MetadataError("not-exists", "remote relationship \"" + cmd.name + "\" of table \"" +
                                                  cmd.table.display() + "\" does not exist");
        drop_relationship(spi, DropRelationship{source.name, cmd.table, cmd.name, true, false});
    }
    TrackedTable to = find_or_track_table(spi, target, cmd.target_table);
    RelationshipRow rel = new_row(source, cmd.table, cmd.name, cmd.kind, true);
    rel.target_source = target.name;
    rel.target_table = cmd.target_table;
    rel.mapping = cmd.mapping;
    store_relationship(spi, rel, from, to, source, target);
}

void drop_relationship(Spi& spi, const DropRelationship& cmd) {
    Source source = find_source(spi, cmd.source);
    auto rel = find_relationship(spi, source.name, cmd.table, cmd.name);
    if (!rel || (cmd.remote_only && !rel->is_remote))
        throw MetadataError("not-exists", std::string(cmd.remote_only ? "remote relationship" : "relationship") +
                                              " \"" + cmd.name + "\" of table \"" + cmd.table.display() +
                                              "\" in source \"" + source.name + "\" does not exist");
    drop_objects(spi, *rel);
    spi.exec("DELETE FROM graphgate.relationships WHERE source = $1 AND table_schema = $2 AND table_name = $3 AND name = $4",
             {rel->source, rel->table.schema, rel->table.name, rel->name});
}

bool check_relationships(Spi& spi) {
    bool all_valid = true;
    for (RelationshipRow& rel : all_relationships(spi)) {
        Source from_source = find_source(spi, rel.source);
        Source to_source = find_source(spi, rel.target_source);
        auto from = find_tracked_table(spi, from_source, rel.table);
        auto to = find_tracked_table(spi, to_source, rel.target_table);
        std::optional<MetadataError> problem = find_problem(spi, rel, *from, *to, from_source.name,
                                                            to_source.name);
        std::optional<std::string> reason;
        if (problem) reason = problem->what();
        if (problem) {
            all_valid = false;
            drop_objects(spi, rel);
        } else if (rel.inconsistent_reason || !objects_exist(spi, rel)) {
            generate_objects(spi, rel, *from, *to);
        }
        if (reason != rel.inconsistent_reason)
            spi.exec("UPDATE graphgate.relationships SET inconsistent_reason = $5 WHERE source = $1 AND "
                     "table_schema = $2 AND table_name = $3 AND name = $4",
                     {rel.source, rel.table.schema, rel.table.name, rel.name, reason});
    }
    return all_valid;
}

void drop_objects_of_relations(Spi& spi, const std::vector<std::pair<std::string, std::string>>& relations) {
    auto affected = [&](const TrackedTable& t) {
        for (const auto& [schema, name] : relations)
            if (schema == t.local_schema && (name.empty() || name == t.local_name)) return true;
        return false;
    };
    for (RelationshipRow& rel : all_relationships(spi)) {
        auto from = find_tracked_table(spi, find_source(spi, rel.source), rel.table);
        auto to = find_tracked_table(spi, find_source(spi, rel.target_source), rel.target_table);
        if (affected(*from) || affected(*to)) drop_objects(spi, rel);
    }
}

}  // namespace graphgate::pg
