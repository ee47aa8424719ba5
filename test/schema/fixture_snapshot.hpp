#pragma once
// The catalog snapshot the schema layer's tests build from: four tables in Hasura's usual
// shape - authors, articles (foreign key to authors), comments, and crm_contacts, a table of
// schema "crm" in a remote source - with int, bigint, numeric, float, text, citext, bool, uuid,
// timestamptz and jsonb columns, nullable and not, local and remote relationships of both kinds.
#include <string>
#include <utility>
#include <vector>

#include "core/schema/catalog_snapshot.hpp"

namespace graphgate::schema::test_support {

inline ColumnInfo fixture_column(std::string name, const std::string& pg_type, bool nullable,
                                 std::string description = {}) {
    ColumnInfo c;
    c.name = std::move(name);
    c.pg_type = pg_type;
    auto [scalar, kind] = scalar_for_pg_type(pg_type);
    c.scalar = scalar;
    c.kind = kind;
    c.nullable = nullable;
    c.comparable = pg_type != "json";  // every other type used here has a btree ordering
    c.description = std::move(description);
    return c;
}

inline RelationshipInfo fixture_relationship(std::string name, bool is_array, size_t target,
                                             std::vector<std::pair<std::string, std::string>> mapping,
                                             bool is_remote = false) {
    RelationshipInfo r;
    r.name = std::move(name);
    r.is_array = is_array;
    r.is_remote = is_remote;
    r.target = target;
    r.mapping = std::move(mapping);
    if (is_remote) {
        r.batch_schema = "graphgate_rel";
        r.batch_function = "rel_" + r.name;
    }
    return r;
}

inline TableInfo fixture_table(std::string source, std::string schema, std::string name, std::string graphql_name) {
    TableInfo t;
    t.source = std::move(source);
    t.table_schema = schema;
    t.table_name = name;
    t.sql_schema = std::move(schema);
    t.sql_name = std::move(name);
    t.graphql_name = graphql_name;
    t.select_field = graphql_name;
    t.select_by_pk_field = graphql_name + "_by_pk";
    t.select_aggregate_field = graphql_name + "_aggregate";
    return t;
}

enum FixtureTable : size_t { Authors = 0, Articles = 1, Comments = 2, CrmContacts = 3 };

inline CatalogSnapshot fixture_snapshot() {
    CatalogSnapshot s;

    TableInfo authors = fixture_table("default", "public", "authors", "authors");
    authors.columns = {
        fixture_column("id", "integer", false),
        fixture_column("name", "text", false),
        fixture_column("rating", "numeric", true),
        fixture_column("born", "timestamp with time zone", true),
        fixture_column("profile", "jsonb", true, "free-form profile"),
    };
    authors.primary_key = {"id"};
    authors.relationships = {
        fixture_relationship("articles", true, Articles, {{"id", "author_id"}}),
        fixture_relationship("contact", false, CrmContacts, {{"id", "author_id"}}, true),
    };

    TableInfo articles = fixture_table("default", "public", "articles", "articles");
    articles.description = "Articles written by authors";
    articles.columns = {
        fixture_column("id", "bigint", false),
        fixture_column("author_id", "integer", false),
        fixture_column("title", "text", false),
        fixture_column("body", "text", true),
        fixture_column("published", "boolean", false),
        fixture_column("extra", "json", true),
    };
    articles.primary_key = {"id"};
    articles.relationships = {
        fixture_relationship("author", false, Authors, {{"author_id", "id"}}),
        fixture_relationship("comments", true, Comments, {{"id", "article_id"}}),
    };

    TableInfo comments = fixture_table("default", "public", "comments", "comments");
    comments.columns = {
        fixture_column("id", "uuid", false),
        // Descriptions that graphql-js prints in its less usual ways: a long line, indented and
        // blank lines, a trailing quote, a triple quote, and text a block string cannot hold.
        fixture_column("article_id", "bigint", false,
                       "the article this comment is about; comments go away with their article, as the foreign "
                       "key says"),
        fixture_column("body", "text", false, "first line\n  indented line\n\nafter a blank line"),
        fixture_column("created_at", "timestamp with time zone", false, "when it was \"posted\""),
        fixture_column("edited_at", "timestamp with time zone", true, "  leading spaces, \"\"\"triple quotes\"\"\""),
        fixture_column("flags", "text", true, "\nstarts with a newline\r\n"),
    };
    comments.primary_key = {"id"};
    comments.relationships = {fixture_relationship("article", false, Articles, {{"article_id", "id"}})};

    TableInfo contacts = fixture_table("crm", "crm", "contacts", "crm_contacts");
    contacts.is_remote = true;
    contacts.sql_schema = "graphgate_remote_crm";
    contacts.description = "Contacts kept by the CRM";
    contacts.columns = {
        fixture_column("id", "integer", false),
        fixture_column("author_id", "integer", true),
        fixture_column("email", "citext", false, "where to write"),
        fixture_column("score", "double precision", true),
    };
    contacts.primary_key = {"id"};
    contacts.relationships = {
        fixture_relationship("authored_articles", true, Articles, {{"author_id", "author_id"}}, true),
    };

    s.tables = {std::move(authors), std::move(articles), std::move(comments), std::move(contacts)};
    return s;
}

}  // namespace graphgate::schema::test_support
