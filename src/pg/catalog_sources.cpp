// Sources: add_source, drop_source and the lookup every other operation starts from.
#include <string>

#include "core/metadata/error.hpp"
#include "core/sql/quote.hpp"
#include "pg/catalog.hpp"
#include "pg/guard.hpp"
#include "pg/remote_connection.hpp"

extern "C" {
#include "catalog/dependency.h"
#include "catalog/namespace.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_foreign_server.h"
#include "catalog/pg_namespace.h"
#include "commands/extension.h"
#include "foreign/foreign.h"
}

namespace graphgate::pg {
namespace {

using sql::quote_ident;
using sql::quote_literal;

// postgres_fdw's default of 100 rows per round trip makes every large remote join a chatty one.
constexpr const char* kFetchSize = "10000";

std::string current_database(Spi& spi) { return *spi.scalar("SELECT pg_catalog.current_database()"); }

std::string options_clause(const Options& options) {
    std::string out;
    for (const auto& [k, v] : options) {
        out += out.empty() ? " OPTIONS (" : ", ";
        out += quote_ident(k) + " " + quote_literal(v);
    }
    return out.empty() ? out : out + ")";
}

bool schema_exists(Spi& spi, const std::string& schema) {
    return spi.scalar("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1", {schema}).has_value();
}

void create_import_schema(Spi& spi, const std::string& source, const std::string& schema) {
    if (schema_exists(spi, schema))
        throw MetadataError("already-exists", "schema \"" + schema + "\" for the tables of source \"" + source +
                                                  "\" already exists")
            .with_hint("Drop or rename the schema, or choose another source name.");
    spi.exec("CREATE SCHEMA " + quote_ident(schema));
    Oid nsp = pg_call([&]() noexcept { return get_namespace_oid(schema.c_str(), false); });
    depend_on_extension(NamespaceRelationId, nsp);
}

}  // namespace

void depend_on_extension(unsigned int class_id, unsigned int object_id) {
    pg_call([&]() noexcept {
        ObjectAddress object;
        ObjectAddress extension;
        ObjectAddressSet(object, class_id, object_id);
        ObjectAddressSet(extension, ExtensionRelationId, get_extension_oid("graphgate", false));
        recordDependencyOn(&object, &extension, DEPENDENCY_NORMAL);
    });
}

void name_local_source(Spi& spi) {
    if (spi.scalar("SELECT 1 FROM graphgate.sources WHERE kind = 'local' AND name <> pg_catalog.current_database()"))
        spi.exec("UPDATE graphgate.sources SET name = pg_catalog.current_database() WHERE kind = 'local'");
}

Source find_source(Spi& spi, const std::string& name) {
    bool local = name == kDefaultSource || name == current_database(spi);
    Rows rows = spi.query(std::string("SELECT name, kind, server_name, owns_server::text, import_schema "
                                      "FROM graphgate.sources WHERE ") +
                              (local ? "kind = 'local'" : "name = $1"),
                          {name});
    if (rows.empty()) {
        Rows all = spi.query("SELECT name, kind FROM graphgate.sources ORDER BY kind <> 'local', name");
        std::string list;
        for (auto& row : all.rows) list += (list.empty() ? "" : ", ") + *row[0] + (*row[1] == "local" ? " (alias default)" : "");
        throw MetadataError("not-exists", "source with name \"" + name + "\" does not exist; sources: " + list);
    }
    Source s;
    s.name = *rows.at(0, "name");
    s.kind = *rows.at(0, "kind");
    s.server = rows.at(0, "server_name");
    s.owns_server = rows.at(0, "owns_server") == Value("true");
    s.import_schema = rows.at(0, "import_schema");
    return s;
}

void add_source(Spi& spi, const AddSource& cmd) {
    std::string database = current_database(spi);
    if (cmd.name == kDefaultSource || cmd.name == database)
        throw MetadataError("already-exists", "source with name \"" + cmd.name + "\" already exists")
            .with_detail("\"" + cmd.name + "\" names this database (\"" + database + "\"), which is always a source.");
    if (spi.scalar("SELECT 1 FROM graphgate.sources WHERE name = $1", {cmd.name}))
        throw MetadataError("already-exists", "source with name \"" + cmd.name + "\" already exists");
    if (!cmd.connection && !cmd.server)
        throw MetadataError("invalid-params", "source \"" + cmd.name + "\" needs a connection or a server")
            .with_hint("Pass connection => 'host=... dbname=...' or server => 'existing_foreign_server'.");
    if (cmd.connection && cmd.server)
        throw MetadataError("invalid-params", "source \"" + cmd.name + "\" takes a connection or a server, not both");

    std::string kind = "postgres";
    std::string server;
    if (cmd.connection) {
        SplitConnection split = split_connection(cmd.name, *cmd.connection);
        Options all = split.server;
        all.insert(all.end(), split.user.begin(), split.user.end());
        RemoteConnection probe(cmd.name, all);  // fails fast and clearly if unreachable

        server = cmd.name;
        if (spi.scalar("SELECT 1 FROM pg_catalog.pg_foreign_server WHERE srvname = $1", {server}))
            throw MetadataError("already-exists", "a foreign server named \"" + server + "\" already exists")
                .with_hint("Adopt it with graphgate.add_source('" + cmd.name + "', server => '" + server + "').");
        Options server_options = split.server;
        server_options.emplace_back("fetch_size", kFetchSize);
        spi.exec("CREATE SERVER " + quote_ident(server) + " FOREIGN DATA WRAPPER postgres_fdw" +
                 options_clause(server_options));
        spi.exec("CREATE USER MAPPING FOR CURRENT_USER SERVER " + quote_ident(server) + options_clause(split.user));
        Oid server_oid = pg_call([&]() noexcept { return get_foreign_server_oid(server.c_str(), false); });
        depend_on_extension(ForeignServerRelationId, server_oid);
    } else {
        server = *cmd.server;
        Value fdw = spi.scalar(
            "SELECT w.fdwname FROM pg_catalog.pg_foreign_server s JOIN pg_catalog.pg_foreign_data_wrapper w "
            "ON w.oid = s.srvfdw WHERE s.srvname = $1",
            {server});
        if (!fdw) throw MetadataError("not-exists", "foreign server \"" + server + "\" does not exist");
        if (*fdw == "postgres_fdw") {
            RemoteConnection probe(cmd.name, fdw_connection_options(server));
        } else {
            kind = "foreign";
        }
    }
    create_import_schema(spi, cmd.name, cmd.name);
    spi.exec(
        "INSERT INTO graphgate.sources (name, kind, server_name, owns_server, import_schema, customization) "
        "VALUES ($1, $2, $3, $4::boolean, $5, $6::jsonb)",
        {cmd.name, kind, server, cmd.connection ? "true" : "false", cmd.name, cmd.customization.dump()});
}

void drop_source(Spi& spi, const DropSource& cmd) {
    Source source = find_source(spi, cmd.name);
    if (source.is_local())
        throw MetadataError("not-supported", "source \"" + cmd.name + "\" is this database and cannot be dropped")
            .with_hint("Untrack its tables instead, or DROP EXTENSION graphgate.");
    Rows tables = spi.query(
        "SELECT table_schema, table_name FROM graphgate.tables WHERE source = $1 ORDER BY 1, 2", {source.name});
    if (!tables.empty() && !cmd.cascade) {
        std::string list;
        for (auto& row : tables.rows) list += (list.empty() ? "" : ", ") + *row[0] + "." + *row[1];
        throw MetadataError("dependency-error", "cannot drop source \"" + source.name + "\": it has tracked tables")
            .with_detail("tracked tables: " + list)
            .with_hint("Untrack them first, or drop the source with cascade.");
    }
    for (auto& row : tables.rows) untrack_table(spi, UntrackTable{source.name, TableName{*row[0], *row[1]}, true});
    if (source.import_schema && schema_exists(spi, *source.import_schema))
        spi.exec("DROP SCHEMA " + quote_ident(*source.import_schema));
    // The user mappings go first; the server itself without CASCADE, so that a foreign table
    // someone else built on it stops the drop instead of vanishing.  An adopted server stays.
    if (source.owns_server) {
        Rows mappings = spi.query("SELECT usename FROM pg_catalog.pg_user_mappings WHERE srvname = $1", {*source.server});
        for (auto& row : mappings.rows)
            spi.exec("DROP USER MAPPING FOR " + (*row[0] == "public" ? std::string("PUBLIC") : quote_ident(*row[0])) +
                     " SERVER " + quote_ident(*source.server));
        spi.exec("DROP SERVER " + quote_ident(*source.server));
    }
    spi.exec("DELETE FROM graphgate.sources WHERE name = $1", {source.name});
}

}  // namespace graphgate::pg
