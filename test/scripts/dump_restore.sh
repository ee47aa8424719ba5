#!/usr/bin/env bash
# pg_dump of a database with graphgate sources, tracked tables and relationships, restored into
# a new database: the metadata, the foreign tables and the generated objects all work there.
# Runs against the private cluster (build/cluster/env).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck disable=SC1091
. "$top/build/cluster/env"
bindir=$(pg_config --bindir)
psql() { "$bindir/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }
drop_databases() {
  for db in dr_orders dr_restored dr_users; do
    psql -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  done
}
work=$(mktemp -d)
trap 'drop_databases; rm -rf "$work"' EXIT
drop_databases

psql -d postgres -c "CREATE DATABASE dr_users" -c "CREATE DATABASE dr_orders" -c "CREATE DATABASE dr_restored"
psql -d dr_users <<'SQL'
CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO users VALUES (1, 'Alice'), (2, 'Bob');
SQL
psql -d dr_orders <<'SQL'
CREATE TABLE orders (id integer PRIMARY KEY, ordered_by_user_id integer);
INSERT INTO orders VALUES (10, 1), (11, 2), (12, NULL);
CREATE EXTENSION graphgate CASCADE;
SELECT graphgate.add_source('users_db', format('host=%s port=%s dbname=dr_users',
  current_setting('unix_socket_directories'), current_setting('port')));
SELECT graphgate.track_table('dr_orders', 'orders');
SELECT graphgate.metadata('{"type": "create_remote_relationship", "args": {"name": "ordered_by_user",
  "source": "dr_orders", "table": "orders", "remote_source": {"relationship_type": "object",
  "field_mapping": {"ordered_by_user_id": "id"}, "source": "users_db", "table": "users"}}}');
SQL

# What a user sees: the metadata document, the view and the batch function.
probe() {
  psql -d "$1" -At <<'SQL'
SELECT graphgate.export_metadata()::jsonb #- '{sources,0,name}';
SELECT string_agg(format('%s:%s', id, "ordered_by_user.name"), ',' ORDER BY id) FROM graphgate_rel.orders_ordered_by_user;
SELECT string_agg(name, ',' ORDER BY id) FROM graphgate_rel.orders_ordered_by_user_batch(ARRAY[1, 2]);
SELECT graphgate.get_inconsistent_metadata();
SQL
}

"$bindir/pg_dump" -d dr_orders -Fc -f "$work/dump"
"$bindir/pg_restore" --exit-on-error -d dr_restored "$work/dump"
before=$(probe dr_orders)
after=$(probe dr_restored)
echo "$after"
if [ "$before" != "$after" ]; then
  echo "restored database differs:"; diff <(echo "$before") <(echo "$after") || true
  exit 1
fi
# The restored catalog still drives changes: a relationship can be dropped and recreated there.
psql -d dr_restored <<'SQL'
SELECT graphgate.drop_remote_relationship('ordered_by_user', 'dr_restored', 'orders');
SELECT graphgate.create_remote_relationship('ordered_by_user', 'dr_restored', 'orders',
  '{"relationship_type": "object", "field_mapping": {"ordered_by_user_id": "id"}, "source": "users_db", "table": "users"}');
SQL
test "$(psql -d dr_restored -At -c 'SELECT count(*) FROM graphgate_rel.orders_ordered_by_user_batch(ARRAY[1, 2])')" = 2
echo "dump and restore: ok"
