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
-- restore keep sources and tracked tables; the row of the database's own source is made by this
-- script and therefore left out of the dump.

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
    unique_keys     jsonb NOT NULL DEFAULT '[]',   -- [["col", ...], ...]
    foreign_keys    jsonb NOT NULL DEFAULT '[]',   -- [{"name","columns","ref_schema","ref_table","ref_columns"}]
    configuration   jsonb NOT NULL DEFAULT '{}',   -- Hasura's table configuration (custom names)
    PRIMARY KEY (source, table_schema, table_name),
    UNIQUE (local_schema, local_name)
);
COMMENT ON TABLE graphgate.tables IS 'Tracked tables, with the keys of their source database.';

CREATE TABLE graphgate.metadata_version (
    singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version     bigint NOT NULL
);
INSERT INTO graphgate.metadata_version VALUES (true, 1);
COMMENT ON TABLE graphgate.metadata_version IS 'Bumped by every metadata change; caches are keyed by it.';

INSERT INTO graphgate.sources (name, kind) VALUES ('default', 'local');

SELECT pg_catalog.pg_extension_config_dump('graphgate.sources', 'WHERE kind <> ''local''');
SELECT pg_catalog.pg_extension_config_dump('graphgate.tables', '');

CREATE FUNCTION graphgate.bump_metadata_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE graphgate.metadata_version SET version = version + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON graphgate.sources
    FOR EACH STATEMENT EXECUTE FUNCTION graphgate.bump_metadata_version();
CREATE TRIGGER bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON graphgate.tables
    FOR EACH STATEMENT EXECUTE FUNCTION graphgate.bump_metadata_version();

-- The catalog is changed through the functions below, which check what they write.
REVOKE ALL ON graphgate.sources, graphgate.tables, graphgate.metadata_version FROM PUBLIC;

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
