-- graphgate 0.1.0: catalog and SQL API.
\echo Use "CREATE EXTENSION graphgate CASCADE" to load this file. \quit

-- Made here rather than named in graphgate.control, so that both are members of the extension
-- and DROP EXTENSION removes them.
CREATE SCHEMA graphgate;
COMMENT ON SCHEMA graphgate IS 'graphgate catalog and SQL API';
CREATE SCHEMA graphgate_rel;
COMMENT ON SCHEMA graphgate_rel IS 'graphgate: generated batch functions and views of relationships';

-- ---------------------------------------------------------------------------------------------
-- Catalog.  Every table is dumped with the database (pg_extension_config_dump), so pg_dump and
-- restore keep sources and tracked tables.

CREATE TABLE graphgate.sources (
    name            text PRIMARY KEY,
    -- local: this database; postgres: a postgres_fdw server; foreign: a server of another FDW
    kind            text NOT NULL CHECK (kind IN ('local', 'postgres', 'foreign')),
    server_name     text,             -- the foreign server (NULL for local)
    owns_server     boolean NOT NULL DEFAULT false,  -- created by add_source, dropped with it
    import_schema   text,             -- local schema that holds the source's imported tables
    customization   jsonb NOT NULL DEFAULT '{}',
    CHECK ((kind = 'local') = (server_name IS NULL))
);
COMMENT ON TABLE graphgate.sources IS 'Databases graphgate serves: this one (kind local) and remote sources.';

CREATE TABLE graphgate.tables (
    source          text NOT NULL REFERENCES graphgate.sources (name) ON UPDATE CASCADE,
    table_schema    text NOT NULL,    -- the table's name in its source database
    table_name      text NOT NULL,
    local_schema    text NOT NULL,    -- the relation in this database that reads it (for a remote
    local_name      text NOT NULL,    -- source: the imported foreign table)
    primary_key     jsonb NOT NULL DEFAULT '[]',   -- ["col", ...], read from the source's catalog
    unique_keys     jsonb NOT NULL DEFAULT '[]',   -- [{"name","columns"}]: primary key, unique constraints
    foreign_keys    jsonb NOT NULL DEFAULT '[]',   -- [{"name","columns","ref_schema","ref_table","ref_columns"}]
    configuration   jsonb NOT NULL DEFAULT '{}',   -- Hasura's table configuration (custom names)
    -- the rows its source estimated (pg_class.reltuples) at tracking and at reload_metadata, NULL
    -- if unknown; the remote executor fetches a whole table instead of shipping keys that cover
    -- most of it
    row_estimate    double precision,
    -- Hasura's enum table: its rows [{"value", "comment"}], read when it became one and at
    -- reload_metadata, are the values of its GraphQL enum type
    is_enum         boolean NOT NULL DEFAULT false,
    enum_values     jsonb,
    CHECK (is_enum = (enum_values IS NOT NULL)),
    PRIMARY KEY (source, table_schema, table_name),
    UNIQUE (local_schema, local_name)
);
COMMENT ON TABLE graphgate.tables IS 'Tracked tables, with the keys of their source database.';

CREATE TABLE graphgate.relationships (
    source          text NOT NULL,    -- the table the relationship is defined on
    table_schema    text NOT NULL,
    table_name      text NOT NULL,
    name            text NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('object', 'array')),
    is_remote       boolean NOT NULL, -- a remote source relationship (target in another source)
    target_source   text NOT NULL,
    target_schema   text NOT NULL,
    target_table    text NOT NULL,
    mapping         jsonb NOT NULL,   -- [["column here", "column of the target"], ...]
    using_clause    jsonb,            -- a local relationship's "using", as the user wrote it
    function_name   text NOT NULL UNIQUE,  -- generated batch function in graphgate_rel
    view_name       text NOT NULL UNIQUE,  -- generated view in graphgate_rel
    inconsistent_reason text,         -- set when DDL broke it; its generated objects are gone then
    PRIMARY KEY (source, table_schema, table_name, name),
    FOREIGN KEY (source, table_schema, table_name) REFERENCES graphgate.tables ON UPDATE CASCADE,
    FOREIGN KEY (target_source, target_schema, target_table) REFERENCES graphgate.tables ON UPDATE CASCADE
);
COMMENT ON TABLE graphgate.relationships IS 'Local and remote relationships, with the names of their generated objects.';

-- Computed fields (Hasura's pg_add_computed_field): a SQL function of a tracked table's row,
-- a field of the table's GraphQL type.  `function` is what the source's catalog said of the
-- function when the field was added (arguments, return type), so that a remote source's catalog
-- is not read again for every schema.
CREATE TABLE graphgate.computed_fields (
    source          text NOT NULL,
    table_schema    text NOT NULL,
    table_name      text NOT NULL,
    name            text NOT NULL,
    definition      jsonb NOT NULL,   -- Hasura's {function, table_argument, session_argument}
    comment         text,
    function        jsonb NOT NULL,   -- the function as described at adding
    PRIMARY KEY (source, table_schema, table_name, name),
    FOREIGN KEY (source, table_schema, table_name) REFERENCES graphgate.tables ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE graphgate.computed_fields IS 'Computed fields: SQL functions of a tracked table''s row.';

-- Tracked SQL functions (Hasura's pg_track_function): root fields returning rows of a tracked
-- table of the same source.
CREATE TABLE graphgate.functions (
    source          text NOT NULL REFERENCES graphgate.sources (name) ON UPDATE CASCADE,
    function_schema text NOT NULL,
    function_name   text NOT NULL,
    configuration   jsonb NOT NULL DEFAULT '{}',  -- Hasura's function configuration
    function        jsonb NOT NULL,               -- the function as described at tracking
    return_schema   text NOT NULL,
    return_table    text NOT NULL,
    PRIMARY KEY (source, function_schema, function_name),
    FOREIGN KEY (source, return_schema, return_table) REFERENCES graphgate.tables ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE graphgate.functions IS 'Tracked SQL functions: root fields over the rows they return.';

-- The version every metadata change sets: caches are keyed by it, so one number must never stand
-- for two states of the catalog.  Numbers come from a sequence, which never hands one out twice
-- (a rolled-back change burns its number: the next change cannot commit the number under which
-- some backend cached the rolled-back state); the current one lives in a table, so that readers
-- see it transactionally, together with the catalog state it stands for.
CREATE SEQUENCE graphgate.metadata_version_seq;
CREATE TABLE graphgate.metadata_version (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version     bigint NOT NULL
);
INSERT INTO graphgate.metadata_version VALUES (true, pg_catalog.nextval('graphgate.metadata_version_seq'));
COMMENT ON TABLE graphgate.metadata_version IS
  'Set from metadata_version_seq by every metadata change; caches are keyed by it.';

-- This database is a source too, named after it (current_database(); requests may call it
-- "default", as Hasura's).  One row of kind local, whatever the name: a database can be renamed
-- or restored under another name, and graphgate renames the row to current_database() at its
-- next metadata change.
CREATE UNIQUE INDEX sources_one_local ON graphgate.sources ((true)) WHERE kind = 'local';
CREATE FUNCTION graphgate.keep_one_local_source() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- pg_restore brings the dumped database's row into a database whose CREATE EXTENSION made
    -- one already: keep one row, under the dumped name, which the tracked tables restored after
    -- it refer to.
    IF NEW.kind = 'local' AND EXISTS (SELECT FROM graphgate.sources WHERE kind = 'local') THEN
        UPDATE graphgate.sources SET name = NEW.name WHERE kind = 'local';
        RETURN NULL;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER keep_one_local_source BEFORE INSERT ON graphgate.sources
    FOR EACH ROW EXECUTE FUNCTION graphgate.keep_one_local_source();
INSERT INTO graphgate.sources (name, kind) VALUES (pg_catalog.current_database(), 'local');

SELECT pg_catalog.pg_extension_config_dump('graphgate.sources', '');
SELECT pg_catalog.pg_extension_config_dump('graphgate.tables', '');
SELECT pg_catalog.pg_extension_config_dump('graphgate.relationships', '');
SELECT pg_catalog.pg_extension_config_dump('graphgate.computed_fields', '');
SELECT pg_catalog.pg_extension_config_dump('graphgate.functions', '');

CREATE FUNCTION graphgate.bump_metadata_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE graphgate.metadata_version SET version = pg_catalog.nextval('graphgate.metadata_version_seq');
    RETURN NULL;
END
$$;

CREATE TRIGGER bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON graphgate.sources
    FOR EACH STATEMENT EXECUTE FUNCTION graphgate.bump_metadata_version();
CREATE TRIGGER bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON graphgate.tables
    FOR EACH STATEMENT EXECUTE FUNCTION graphgate.bump_metadata_version();
CREATE TRIGGER bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON graphgate.relationships
    FOR EACH STATEMENT EXECUTE FUNCTION graphgate.bump_metadata_version();
CREATE TRIGGER bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON graphgate.computed_fields
    FOR EACH STATEMENT EXECUTE FUNCTION graphgate.bump_metadata_version();
CREATE TRIGGER bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON graphgate.functions
    FOR EACH STATEMENT EXECUTE FUNCTION graphgate.bump_metadata_version();

-- The catalog is changed through the functions below, which check what they write.
REVOKE ALL ON graphgate.sources, graphgate.tables, graphgate.relationships, graphgate.computed_fields,
              graphgate.functions, graphgate.metadata_version FROM PUBLIC;
REVOKE ALL ON SEQUENCE graphgate.metadata_version_seq FROM PUBLIC;

-- ---------------------------------------------------------------------------------------------
-- SQL API (names mirror Hasura's metadata API).

CREATE FUNCTION graphgate.add_source(name text, connection text DEFAULT NULL, server text DEFAULT NULL,
                                     customization jsonb DEFAULT NULL)
RETURNS void LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'graphgate_add_source';
COMMENT ON FUNCTION graphgate.add_source IS
  'Registers a database as a source: connection is a libpq conninfo or URI (a postgres_fdw server is created), or server names an existing foreign server to adopt.';

CREATE FUNCTION graphgate.drop_source(name text, "cascade" boolean DEFAULT false)
RETURNS void LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'graphgate_drop_source';

CREATE FUNCTION graphgate.track_table(source text, "table" text, configuration jsonb DEFAULT NULL)
RETURNS void LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'graphgate_track_table';
COMMENT ON FUNCTION graphgate.track_table IS
  'Tracks a table of a source; table is ''name'', ''schema.name'' or ''{"schema": ..., "name": ...}''.';

CREATE FUNCTION graphgate.untrack_table(source text, "table" text, "cascade" boolean DEFAULT false)
RETURNS void LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'graphgate_untrack_table';

CREATE FUNCTION graphgate.metadata(request jsonb)
RETURNS jsonb LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'graphgate_metadata';
COMMENT ON FUNCTION graphgate.metadata IS
  'Runs a Hasura metadata or query API request body; returns Hasura''s response or error object.';

CREATE FUNCTION graphgate.create_object_relationship(source text, "table" text, name text, "using" jsonb)
RETURNS void LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'graphgate_create_object_relationship';
COMMENT ON FUNCTION graphgate.create_object_relationship IS
  'Hasura''s object relationship: using is {"foreign_key_constraint_on": ...} or {"manual_configuration": ...}.';

CREATE FUNCTION graphgate.create_array_relationship(source text, "table" text, name text, "using" jsonb)
RETURNS void LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'graphgate_create_array_relationship';

CREATE FUNCTION graphgate.drop_relationship(source text, "table" text, name text, "cascade" boolean DEFAULT false)
RETURNS void LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'graphgate_drop_relationship';

CREATE FUNCTION graphgate.create_remote_relationship(name text, source text, "table" text,
                                                     remote_source jsonb DEFAULT NULL, definition jsonb DEFAULT NULL)
RETURNS void LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'graphgate_create_remote_relationship';
COMMENT ON FUNCTION graphgate.create_remote_relationship IS
  'Remote source relationship: remote_source is the seed''s object {relationship_type, field_mapping, source, table}; or definition => {"to_source": {...}}.';

CREATE FUNCTION graphgate.update_remote_relationship(name text, source text, "table" text,
                                                     remote_source jsonb DEFAULT NULL, definition jsonb DEFAULT NULL)
RETURNS void LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'graphgate_update_remote_relationship';

CREATE FUNCTION graphgate.drop_remote_relationship(name text, source text, "table" text)
RETURNS void LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'graphgate_drop_remote_relationship';

CREATE FUNCTION graphgate.export_metadata(format text DEFAULT 'json')
RETURNS text LANGUAGE c STABLE AS 'MODULE_PATHNAME', 'graphgate_export_metadata';
COMMENT ON FUNCTION graphgate.export_metadata IS
  'All metadata as one document in Hasura''s layout (version 3), as ''json'' or ''yaml''.';

CREATE FUNCTION graphgate.replace_metadata(document text)
RETURNS void LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'graphgate_replace_metadata';
COMMENT ON FUNCTION graphgate.replace_metadata IS
  'Replaces all metadata with a JSON or YAML document; on any error nothing changes.';

CREATE FUNCTION graphgate.reload_metadata()
RETURNS jsonb LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'graphgate_reload_metadata';

CREATE FUNCTION graphgate.get_inconsistent_metadata()
RETURNS jsonb LANGUAGE c STABLE AS 'MODULE_PATHNAME', 'graphgate_get_inconsistent_metadata';

-- ---------------------------------------------------------------------------------------------
-- DDL on tracked tables.  Before a statement that can break a relationship runs, the generated
-- objects that depend on its tables are dropped (a view would otherwise block the statement);
-- afterwards every relationship is checked: regenerated if still valid, marked inconsistent if
-- not.  The catalog work runs as the extension's owner (the functions switch to it after
-- reading the user's statement), since the roles whose DDL fires them cannot read the catalog.

CREATE FUNCTION graphgate.on_ddl_start() RETURNS event_trigger
LANGUAGE c AS 'MODULE_PATHNAME', 'graphgate_on_ddl_start';
CREATE FUNCTION graphgate.on_ddl_end() RETURNS event_trigger
LANGUAGE c AS 'MODULE_PATHNAME', 'graphgate_on_ddl_end';
REVOKE ALL ON FUNCTION graphgate.on_ddl_start(), graphgate.on_ddl_end() FROM PUBLIC;

CREATE EVENT TRIGGER graphgate_ddl_start ON ddl_command_start
    WHEN TAG IN ('ALTER TABLE', 'ALTER FOREIGN TABLE', 'ALTER VIEW', 'ALTER MATERIALIZED VIEW',
                 'DROP TABLE', 'DROP FOREIGN TABLE', 'DROP VIEW', 'DROP MATERIALIZED VIEW', 'DROP SCHEMA')
    EXECUTE FUNCTION graphgate.on_ddl_start();
CREATE EVENT TRIGGER graphgate_ddl_end ON ddl_command_end
    WHEN TAG IN ('ALTER TABLE', 'ALTER FOREIGN TABLE', 'ALTER VIEW', 'ALTER MATERIALIZED VIEW',
                 'DROP TABLE', 'DROP FOREIGN TABLE', 'DROP VIEW', 'DROP MATERIALIZED VIEW', 'DROP SCHEMA',
                 'CREATE TABLE', 'CREATE FOREIGN TABLE', 'CREATE VIEW', 'IMPORT FOREIGN SCHEMA',
                 'GRANT', 'REVOKE', 'COMMENT')
    EXECUTE FUNCTION graphgate.on_ddl_end();

-- ---------------------------------------------------------------------------------------------
-- GraphQL.

CREATE FUNCTION graphgate.graphql(query text, variables jsonb DEFAULT NULL, operation_name text DEFAULT NULL,
                                  session jsonb DEFAULT NULL)
RETURNS json LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'graphgate_graphql';
COMMENT ON FUNCTION graphgate.graphql IS
  'Runs a GraphQL request as one SQL statement; returns {"data": ...} or {"errors": [...]} in Hasura''s shape. session holds x-hasura-role and other session variables.';

CREATE FUNCTION graphgate.sdl()
RETURNS text LANGUAGE c STABLE AS 'MODULE_PATHNAME', 'graphgate_sdl';
COMMENT ON FUNCTION graphgate.sdl IS 'The GraphQL schema the current role sees, as SDL.';

CREATE FUNCTION graphgate.cache_stats()
RETURNS jsonb LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'graphgate_cache_stats';
COMMENT ON FUNCTION graphgate.cache_stats IS 'This backend''s schema and compiled-statement caches.';

-- Any role may ask GraphQL questions (it sees what its own privileges allow); changing metadata
-- is for the roles the administrator grants it to.
GRANT USAGE ON SCHEMA graphgate TO PUBLIC;
-- The version is a counter with nothing to hide; reading it as the caller keeps the catalog
-- session (and its role switch) off graphql()'s path while the caches are warm.
GRANT SELECT ON graphgate.metadata_version TO PUBLIC;
-- Queries of any role call the generated batch functions; they run with the caller's rights,
-- so the caller's privileges on the tables behind them still decide.  The views are
-- security_invoker too; they are granted to nobody, since each regeneration recreates them.
GRANT USAGE ON SCHEMA graphgate_rel TO PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA graphgate FROM PUBLIC;
GRANT EXECUTE ON FUNCTION graphgate.graphql(text, jsonb, text, jsonb), graphgate.sdl(), graphgate.cache_stats()
    TO PUBLIC;

-- The remote executor (design §8a).  A compiled statement calls remote_fetch() once per level with
-- that level's requests: ids of statements graphgate compiled in this session (never SQL text,
-- so nothing else can be sent to a source) and the values of their parameters.  Each request
-- answers rows (k: the key joining it to its parent, o: its order, c: keys for fields of yet
-- another database, v: its JSON).
CREATE TYPE graphgate.remote_request AS (id bigint, key_count bigint, params text[]);
CREATE FUNCTION graphgate.remote_fetch(requests graphgate.remote_request[])
RETURNS TABLE (request bigint, k text[], o bigint, c text[], v json)
LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'graphgate_remote_fetch';
COMMENT ON FUNCTION graphgate.remote_fetch IS
  'Sends the remote requests of one level of a compiled GraphQL statement, all at once; for graphql()''s statements.';
GRANT EXECUTE ON FUNCTION graphgate.remote_fetch(graphgate.remote_request[]) TO PUBLIC;

CREATE FUNCTION graphgate.explain(query text, variables jsonb DEFAULT NULL, operation_name text DEFAULT NULL,
                                  session jsonb DEFAULT NULL)
RETURNS text LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'graphgate_explain';
COMMENT ON FUNCTION graphgate.explain IS
  'The SQL statement a GraphQL request compiles to and its EXPLAIN VERBOSE plan, with the FDW''s Remote SQL lines.';
GRANT EXECUTE ON FUNCTION graphgate.explain(text, jsonb, text, jsonb) TO PUBLIC;

-- One poll of a live query (a subscription) for a batch of cohorts, as graphgate-server's
-- pollers call it: cohorts = [{"id", "variables", "session", "hash"}], all with the same
-- x-hasura-role; returns only the cohorts whose result's hash differs from the one sent.  A
-- streaming subscription's cohort ({"cursor": last value}) comes back only with new rows, and
-- the cursor to send next.
CREATE FUNCTION graphgate.graphql_multiplexed(query text, operation_name text, cohorts jsonb)
RETURNS TABLE (id text, result json, hash text, cursor json)
LANGUAGE c VOLATILE AS 'MODULE_PATHNAME', 'graphgate_graphql_multiplexed';
COMMENT ON FUNCTION graphgate.graphql_multiplexed IS
  'Runs a subscription once per cohort ({"id", "variables", "session", "hash", "cursor"}) and returns (id, result, hash, cursor) for the cohorts whose result''s SHA-256 differs from the hash given, or, for a stream, that have rows after their cursor; a failing cohort gets its error response as result.';
GRANT EXECUTE ON FUNCTION graphgate.graphql_multiplexed(text, text, jsonb) TO PUBLIC;
