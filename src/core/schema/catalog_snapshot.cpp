#include "core/schema/catalog_snapshot.hpp"

#include <map>

namespace graphgate::schema {

std::pair<std::string, ScalarKind> scalar_for_pg_type(const std::string& pg_type) {
    static const std::map<std::string, std::pair<std::string, ScalarKind>> known = {
        {"smallint", {"smallint", ScalarKind::Int}},
        {"integer", {"Int", ScalarKind::Int}},
        {"bigint", {"bigint", ScalarKind::Numeric}},
        {"numeric", {"numeric", ScalarKind::Numeric}},
        {"real", {"Float", ScalarKind::Float}},
        {"double precision", {"Float", ScalarKind::Float}},
        {"text", {"String", ScalarKind::String}},
        {"character varying", {"String", ScalarKind::String}},
        {"character", {"bpchar", ScalarKind::String}},
        {"citext", {"citext", ScalarKind::String}},
        {"name", {"name", ScalarKind::String}},
        {"boolean", {"Boolean", ScalarKind::Boolean}},
        {"json", {"json", ScalarKind::Json}},
        {"jsonb", {"jsonb", ScalarKind::Json}},
        {"uuid", {"uuid", ScalarKind::Other}},
        {"date", {"date", ScalarKind::Other}},
        {"timestamp with time zone", {"timestamptz", ScalarKind::Other}},
        {"timestamp without time zone", {"timestamp", ScalarKind::Other}},
        {"time with time zone", {"timetz", ScalarKind::Other}},
        {"time without time zone", {"time", ScalarKind::Other}},
        {"interval", {"interval", ScalarKind::Other}},
        {"bytea", {"bytea", ScalarKind::Other}},
        {"inet", {"inet", ScalarKind::Other}},
    };
    auto it = known.find(pg_type);
    if (it != known.end()) return it->second;
    // Extensions' types, which format_type qualifies ("public.citext") where the reading's
    // search_path does not hold their schema: Hasura names them without it.
    static const std::map<std::string, std::pair<std::string, ScalarKind>> extension_types = {
        {"citext", {"citext", ScalarKind::String}},
        {"ltree", {"ltree", ScalarKind::Other}},
    };
    size_t dot = pg_type.rfind('.');
    if (dot != std::string::npos) {
        auto ext = extension_types.find(pg_type.substr(dot + 1));
        if (ext != extension_types.end()) return ext->second;
    }
    // Any other type is a custom scalar named after it, made a valid GraphQL name
    // ("character varying[]" -> "_varchar"-like names are Hasura's; we keep it readable).
    std::string name;
    for (char c : pg_type) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        name += ok ? c : '_';
    }
    if (pg_type.size() > 2 && pg_type.compare(pg_type.size() - 2, 2, "[]") == 0)
        name = "_" + name.substr(0, name.size() - 2);
    if (name.empty() || (name[0] >= '0' && name[0] <= '9')) name = "_" + name;
    return {name, ScalarKind::Other};
}

}  // namespace graphgate::schema
