// The metadata as one document: export_metadata, replace_metadata, reload_metadata and
// get_inconsistent_metadata.
#include <functional>
#include "core/json.hpp"
#include <string>

#include "core/metadata/error.hpp"
#include "pg/catalog.hpp"
#include "pg/relationship_objects.hpp"

namespace graphgate::pg {
namespace {

std::string current_database(Spi& spi) { return *spi.scalar("SELECT pg_catalog.current_database()"); }

// The conninfo add_source was given, rebuilt from the server's and our user mapping's options
// (less the fetch_size add_source adds itself).
std::string conninfo_of_server(Spi& spi, const std::string& server) {
    Rows rows = spi.query(
        "SELECT o.option_name, o.option_value FROM pg_catalog.pg_foreign_server s, "
        "     pg_catalog.pg_options_to_table(s.srvoptions) o "
        "WHERE s.srvname = $1 AND o.option_name <> 'fetch_size' "
        "UNION ALL "
        "SELECT o.option_name, o.option_value FROM pg_catalog.pg_user_mappings m, "
        "     pg_catalog.pg_options_to_table(m.umoptions) o "
        "WHERE m.srvname = $1 AND m.usename = current_user",
        {server});
    std::vector<std::pair<std::string, std::string>> options;
    for (auto& row : rows.rows) options.emplace_back(*row[0], row[1].value_or(""));
    return conninfo_from_options(options);
}

std::string relationship_type(const RelationshipRow& rel) {
    if (rel.is_remote) return "remote_relationship";
    return rel.kind == RelationshipKind::Object ? "object_relation" : "array_relation";
}

// Runs one step of a replace, pointing errors at the part of the document it came from.
template <typename F>
void at_path(const std::string& path, F&& step) {
    try {
        step();
    } catch (MetadataError& e) {
        e.at(path);
        throw;
    }
}

// Source names as users see them.  Export and get_inconsistent_metadata only read, so a row of
// this database restored under another name (see find_source) may not be renamed yet: it is
// shown as current_database() all the same.
std::function<std::string(const std::string&)> source_names(Spi& spi) {
    std::string database = current_database(spi);
    Value local = spi.scalar("SELECT name FROM graphgate.sources WHERE kind = 'local'");
    return [database, local](const std::string& key) { return local && key == *local ? database : key; };
}

}  // namespace

MetadataDocument export_document(Spi& spi) {
    std::vector<RelationshipRow> relationships = all_relationships(spi);
    auto display = source_names(spi);

    MetadataDocument doc;
    Rows sources = spi.query(
        "SELECT name, kind, server_name, owns_server::text, customization::text FROM graphgate.sources "
        "ORDER BY kind <> 'local', name");
    for (auto& src : sources.rows) {
        SourceDocument s;
        std::string key = *src[0];
        s.name = display(key);
        if (*src[1] != "local") {
            if (*src[3] == "true") s.connection = conninfo_of_server(spi, *src[2]);
            else s.server = *src[2];
            s.customization = parse_json(*src[4]);
        }
        Rows tables = spi.query(
            "SELECT table_schema, table_name, configuration::text, is_enum::text FROM graphgate.tables "
            "WHERE source = $1 ORDER BY 1, 2",
            {key});
        for (auto& tab : tables.rows) {
            TableDocument t;
            t.table = TableName{*tab[0], *tab[1]};
            t.configuration = parse_json(*tab[2]);
            t.is_enum = *tab[3] == "true";
            for (const RelationshipRow& rel : relationships) {
                if (rel.source != key || !(rel.table == t.table)) continue;
                if (rel.is_remote) {
                    CreateRemoteRelationship r;
                    r.name = rel.name;
                    r.kind = rel.kind;
                    r.target_source = display(rel.target_source);
                    r.target_table = rel.target_table;
                    r.mapping = rel.mapping;
                    t.remote_relationships.push_back(r);
                } else {
                    CreateRelationship r;
                    r.kind = rel.kind;
                    r.name = rel.name;
                    r.using_json = rel.using_json;
                    (rel.kind == RelationshipKind::Object ? t.object_relationships : t.array_relationships).push_back(r);
                }
            }
            Rows computed = spi.query(
                "SELECT name, definition::text, comment FROM graphgate.computed_fields "
                "WHERE source = $1 AND table_schema = $2 AND table_name = $3 ORDER BY name",
                {key, t.table.schema, t.table.name});
            for (auto& row : computed.rows) {
                Json entry = {{"name", *row[0]}, {"definition", parse_json(*row[1])}};
                if (row[2]) entry["comment"] = *row[2];
                t.computed_fields.push_back(parse_computed_field_entry(entry, "$", s.name, t.table));
            }
            s.tables.push_back(std::move(t));
        }
        Rows functions = spi.query(
            "SELECT function_schema, function_name, configuration::text FROM graphgate.functions "
            "WHERE source = $1 ORDER BY 1, 2",
            {key});
        for (auto& row : functions.rows)
            s.functions.push_back(TrackFunction{s.name, FunctionName{*row[0], *row[1]}, parse_json(*row[2])});
        doc.sources.push_back(std::move(s));
    }
    return doc;
}

void replace_document(Spi& spi, const Json& document) {
    MetadataDocument doc = parse_metadata_document(document, {current_database(spi), kDefaultSource});

    for (const RelationshipRow& rel : all_relationships(spi))
        drop_relationship(spi, DropRelationship{rel.source, rel.table, rel.name, false, false});
    Rows tables = spi.query("SELECT source, table_schema, table_name FROM graphgate.tables ORDER BY 1, 2, 3");
    for (auto& row : tables.rows) untrack_table(spi, UntrackTable{*row[0], TableName{*row[1], *row[2]}, true});
    Rows sources = spi.query("SELECT name FROM graphgate.sources WHERE kind <> 'local' ORDER BY 1");
    for (auto& row : sources.rows) drop_source(spi, DropSource{*row[0], true});

    // Sources, then every table, then relationships: a relationship may target a table that
    // the document lists later.
    for (size_t i = 0; i < doc.sources.size(); ++i) {
        const SourceDocument& s = doc.sources[i];
        if (!s.connection && !s.server) continue;  // this database
        at_path("$.sources[" + std::to_string(i) + "]", [&] {
            add_source(spi, AddSource{s.name, s.connection, s.server, s.customization, false});
        });
    }
    for (size_t i = 0; i < doc.sources.size(); ++i)
        for (size_t t = 0; t < doc.sources[i].tables.size(); ++t) {
            const TableDocument& table = doc.sources[i].tables[t];
            std::string path = "$.sources[" + std::to_string(i) + "].tables[" + std::to_string(t) + "]";
            at_path(path, [&] { track_table(spi, TrackTable{doc.sources[i].name, table.table, table.configuration, table.is_enum}); });
        }
    for (size_t i = 0; i < doc.sources.size(); ++i)
        for (size_t t = 0; t < doc.sources[i].tables.size(); ++t) {
            const TableDocument& table = doc.sources[i].tables[t];
            std::string path = "$.sources[" + std::to_string(i) + "].tables[" + std::to_string(t) + "]";
            for (size_t r = 0; r < table.object_relationships.size(); ++r)
                at_path(path + ".object_relationships[" + std::to_string(r) + "]",
                        [&] { create_relationship(spi, table.object_relationships[r]); });
            for (size_t r = 0; r < table.array_relationships.size(); ++r)
                at_path(path + ".array_relationships[" + std::to_string(r) + "]",
                        [&] { create_relationship(spi, table.array_relationships[r]); });
            for (size_t r = 0; r < table.remote_relationships.size(); ++r)
                at_path(path + ".remote_relationships[" + std::to_string(r) + "]",
                        [&] { create_remote_relationship(spi, table.remote_relationships[r]); });
            for (size_t c = 0; c < table.computed_fields.size(); ++c)
                at_path(path + ".computed_fields[" + std::to_string(c) + "]",
                        [&] { add_computed_field(spi, table.computed_fields[c]); });
        }
    for (size_t i = 0; i < doc.sources.size(); ++i)
        for (size_t f = 0; f < doc.sources[i].functions.size(); ++f)
            at_path("$.sources[" + std::to_string(i) + "].functions[" + std::to_string(f) + "]",
                    [&] { track_function(spi, doc.sources[i].functions[f]); });
}

bool reload(Spi& spi) {
    Rows tables = spi.query("SELECT source, table_schema, table_name FROM graphgate.tables ORDER BY 1, 2, 3");
    for (auto& row : tables.rows) {
        Source source = find_source(spi, *row[0]);
        TableName table{*row[1], *row[2]};
        if (auto keys = describe_table(spi, source, table))
            spi.exec("UPDATE graphgate.tables SET primary_key = $4::jsonb, unique_keys = $5::jsonb, "
                     "foreign_keys = $6::jsonb, row_estimate = $7::float8 "
                     "WHERE source = $1 AND table_schema = $2 AND table_name = $3 "
                     "AND (primary_key, unique_keys, foreign_keys, row_estimate) "
                     "IS DISTINCT FROM ($4::jsonb, $5::jsonb, $6::jsonb, $7::float8)",
                     {source.name, table.schema, table.name, (*keys)["primary_key"].dump(),
                      (*keys)["unique_keys"].dump(), (*keys)["foreign_keys"].dump(), row_estimate_of(*keys)});
    }
    reload_enum_values(spi);
    return check_relationships(spi);
}

Json inconsistent_objects(Spi& spi) {
    auto display = source_names(spi);
    Json objects = Json::array();

    Rows missing = spi.query(
        "SELECT t.source, t.table_schema, t.table_name FROM graphgate.tables t "
        "WHERE to_regclass(format('%I.%I', t.local_schema, t.local_name)) IS NULL ORDER BY 1, 2, 3");
    for (auto& row : missing.rows) {
        TableName table{*row[1], *row[2]};
        objects.push_back({{"type", "table"},
                           {"name", "table " + table.display() + " in source " + display(*row[0])},
                           {"reason", "Inconsistent object: no such table/view exists in source: \"" +
                                          table.display() + "\""},
                           {"definition", {{"source", display(*row[0])}, {"table", table.to_json()}}}});
    }
    for (const RelationshipRow& rel : all_relationships(spi)) {
        if (!rel.inconsistent_reason) continue;
        Json definition = {{"name", rel.name}, {"source", display(rel.source)}, {"table", rel.table.to_json()}};
        if (rel.is_remote) {
            CreateRemoteRelationship r;
            r.kind = rel.kind;
            r.target_source = display(rel.target_source);
            r.target_table = rel.target_table;
            r.mapping = rel.mapping;
            definition["definition"] = remote_definition_json(r);
        } else {
            definition["using"] = rel.using_json;
        }
        objects.push_back({{"type", relationship_type(rel)},
                           {"name", relationship_type(rel) + " " + rel.name + " in table " + rel.table.display() +
                                        " in source " + display(rel.source)},
                           {"reason", "Inconsistent object: " + *rel.inconsistent_reason},
                           {"definition", definition}});
    }
    return {{"is_consistent", objects.empty()}, {"inconsistent_objects", objects}};
}

}  // namespace graphgate::pg
