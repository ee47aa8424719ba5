// /v1/metadata and /v1/query: the response is graphgate.metadata()'s JSON, with Hasura's
// status codes (200 success, 400 for an error object, 500 for code "unexpected").
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { metadata, psql, request, startServer } from './helpers.mjs';

describe('metadata API', () => {
  let server;
  before(async () => {
    server = await startServer({ GRAPHGATE_ADMIN_SECRET: 'meta-secret' });
  });
  after(async () => {
    await server.stop();
  });
  const admin = { 'x-hasura-admin-secret': 'meta-secret' };

  for (const path of ['/v1/metadata', '/v1/query']) {
    test(`${path}: errors with Hasura's bodies and status 400`, async () => {
      const cases = [
        [{ type: 'pg_track_table', args: { source: 'srv_app', table: 'nope' } },
          { code: 'not-exists', path: '$.args', error: 'no such table/view exists in source "srv_app": "public.nope"' }],
        [{ type: 'pg_track_table', args: { source: 'srv_app', table: 'notes' } },
          { code: 'already-tracked', path: '$.args', error: 'view/table already tracked: "public.notes" in source "srv_app"' }],
        [{ type: 'pg_track_table', args: { source: 'elsewhere', table: 'notes' } },
          { code: 'not-exists', path: '$.args',
            error: 'source with name "elsewhere" does not exist; sources: srv_app (alias default)' }],
        [{ type: 'no_such_command', args: {} },
          { code: 'parse-failed', path: '$.type', error: 'unknown metadata command "no_such_command"' }],
        [{ args: {} }, { code: 'parse-failed', path: '$', error: 'key "type" not found' }],
      ];
      for (const [body, expected] of cases) {
        const res = await metadata(server, body, { headers: admin, path });
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.deepEqual(res.json, expected);
      }
    });

    test(`${path}: success`, async () => {
      const res = await metadata(server, { type: 'bulk', args: [] }, { headers: admin, path });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, []);
    });
  }

  test('the body is the function\'s JSON text, unchanged', async () => {
    const body = { type: 'pg_track_table', args: { source: 'srv_app', table: 'nope' } };
    const res = await metadata(server, body, { headers: admin });
    const direct = psql('srv_app', `SELECT graphgate.metadata('${JSON.stringify(body)}')`);
    assert.equal(res.text, direct);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  });

  test('a change made over HTTP is committed', async () => {
    psql('srv_app', 'CREATE TABLE IF NOT EXISTS meta_probe (id int PRIMARY KEY)');
    const track = await metadata(server, { type: 'pg_track_table', args: { source: 'srv_app', table: 'meta_probe' } }, { headers: admin });
    assert.equal(track.status, 200);
    assert.deepEqual(track.json, { message: 'success' });
    assert.equal(psql('srv_app', "SELECT count(*) FROM graphgate.tables WHERE table_name = 'meta_probe'"), '1');
    const untrack = await metadata(server, { type: 'pg_untrack_table', args: { source: 'srv_app', table: 'meta_probe' } }, { headers: admin });
    assert.equal(untrack.status, 200);
    assert.equal(psql('srv_app', "SELECT count(*) FROM graphgate.tables WHERE table_name = 'meta_probe'"), '0');
  });

  test('JSON that Postgres refuses is a 400 invalid-json', async () => {
    const res = await request(server, '/v1/metadata', {
      body: '{"type": "bulk", "args": [], "x": "\\u0000"}', headers: { 'content-type': 'application/json', ...admin },
    });
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, {
      path: '$.x',
      error: 'the request body contains the character U+0000 (NUL) at $.x, which PostgreSQL cannot store',
      code: 'invalid-json',
    });
  });
});
