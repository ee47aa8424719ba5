#pragma once
// The catalog snapshot the schema layer's tests build from: four tables in Hasura's usual
// shape - authors, articles (foreign key to authors), comments, and crm_contacts, a table of
// schema "crm" in a remote source - with int, bigint, numeric, float, text, citext, bool, uuid,
// timestamptz and jsonb columns, nullable and not, local and remote relationships of both kinds.
// The role may write: authors (insert, update and delete everything; a primary key, a unique
// constraint and a partial unique index), articles (insert some columns, update one, no
// delete) and audit_log, a table it may only insert into (no SELECT).
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
    c.sql_type = pg_type;
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
    r.insert_after_parent = is_array;
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

enum FixtureTable : size_t { Authors = 0, Articles = 1, Comments = 2, CrmContacts = 3, AuditLog = 4 };

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
    authors.writes.insert_columns = authors.columns;
    authors.writes.update_columns = authors.columns;
    authors.writes.can_delete = true;
    authors.writes.unique_keys = {
        UniqueKey{"authors_pkey", {"id"}, true, ""},
        UniqueKey{"authors_name_key", {"name"}, true, ""},
        UniqueKey{"authors_rated_name", {"name", "rating"}, false, "(rating IS NOT NULL)"},
    };
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
    articles.writes.insert_columns = {articles.columns[1], articles.columns[2], articles.columns[3]};
    articles.writes.update_columns = {articles.columns[2]};
    articles.writes.unique_keys = {UniqueKey{"articles_pkey", {"id"}, true, ""}};
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

    TableInfo audit = fixture_table("default", "public", "audit_log", "audit_log");
    audit.description = "written by everyone, read by nobody";
    audit.writes.insert_columns = {fixture_column("event", "text", false), fixture_column("at", "timestamp with time zone", true)};

    s.tables = {std::move(authors), std::move(articles), std::move(comments), std::move(contacts), std::move(audit)};
    return s;
}

}  // namespace graphgate::schema::test_support
