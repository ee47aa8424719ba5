// GraphQL over HTTP as clients send it: queries by GET (urql's default client, unchanged), a
// mutation by GET refused with 405, application/graphql-response+json honoured; and numbers as
// strings when the server is started with HASURA_GRAPHQL_STRINGIFY_NUMERIC_TYPES.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, fetchExchange, gql } from '@urql/core';
import { cluster, psql, request, startServer, waitForLog } from './helpers.mjs';

describe('GraphQL over HTTP', () => {
  let server;
  let strings;
  before(async () => {
    psql('postgres', 'DROP DATABASE IF EXISTS srv_http WITH (FORCE)');
    psql('postgres', 'CREATE DATABASE srv_http');
    psql('srv_http', `CREATE EXTENSION graphgate CASCADE;
      CREATE TABLE amounts (id bigint PRIMARY KEY, total numeric NOT NULL, ratio double precision, n integer);
      INSERT INTO amounts VALUES (9007199254740993, 12345678901234567890.5, 0.1, 7);
      CREATE TABLE orders (id int PRIMARY KEY, ordered_by_user_id int);
      INSERT INTO orders VALUES (1, 1), (2, 2), (3, NULL);
      SELECT graphgate.add_source('users_db', 'host=${cluster.PGHOST} port=${cluster.PGPORT} dbname=users_db');
      SELECT graphgate.track_table('srv_http', 'amounts');
      SELECT graphgate.track_table('srv_http', 'orders');
      SELECT graphgate.create_remote_relationship('ordered_by_user', 'srv_http', 'orders',
        '{"relationship_type": "object", "field_mapping": {"ordered_by_user_id": "id"},
          "source": "users_db", "table": "users"}');`);
    server = await startServer({}, { db: 'srv_http' });
    strings = await startServer({ HASURA_GRAPHQL_STRINGIFY_NUMERIC_TYPES: 'true' }, { db: 'srv_http' });
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
    assert.equal(await strings.stop(), 0);
    psql('postgres', 'DROP DATABASE srv_http WITH (FORCE)');
  });

  const getOn = async (s, params, headers = {}) =>
    request(s, `/v1/graphql?${new URLSearchParams(params)}`, { method: 'GET', headers });

  test('a query by GET, with variables and an operation name', async () => {
    const res = await getOn(server, { query: '{ amounts { id n } }' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(res.text, '{"data":{"amounts":[{"id":9007199254740993,"n":7}]}}');
    const named = await getOn(server, {
      query: 'query A($n: Int) { amounts(where: {n: {_eq: $n}}) { n } } query B { __typename }',
      variables: '{"n": 7}',
      operationName: 'A',
    });
    assert.equal(named.text, '{"data":{"amounts":[{"n":7}]}}');
  });

  test('a mutation by GET is refused with 405 and Allow: POST', async () => {
    for (const params of [{ query: 'mutation { __typename }' },
                          { query: 'query a { __typename } mutation b { __typename }', operationName: 'b' }]) {
      const res = await getOn(server, params);
      assert.equal(res.status, 405);
      assert.equal(res.headers.get('allow'), 'POST');
      assert.deepEqual(res.json, {
        errors: [{ extensions: { path: '$', code: 'validation-failed' }, message: 'mutations cannot be sent with GET: use POST' }],
      });
    }
  });

  test('bad query strings are Hasura-shaped errors', async () => {
    const none = await getOn(server, {});
    assert.equal(none.status, 400);
    assert.deepEqual(none.json, {
      errors: [{ extensions: { path: '$', code: 'parse-failed' }, message: "the URL's query string has no 'query' parameter" }],
    });
    const vars = await getOn(server, { query: '{ amounts { n } }', variables: '[1]' });
    assert.equal(vars.status, 400);
    assert.deepEqual(vars.json, {
      errors: [{ extensions: { path: '$', code: 'parse-failed' }, message: 'variables: expected Object, but encountered Array' }],
    });
  });

  test('application/graphql-response+json: its media type, and 400 for a response without data', async () => {
    const accept = { accept: 'application/graphql-response+json, application/json;q=0.9' };
    const ok = await request(server, '/v1/graphql', { json: { query: '{ amounts { n } }' }, headers: accept });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-type'), 'application/graphql-response+json; charset=utf-8');
    assert.equal(ok.text, '{"data":{"amounts":[{"n":7}]}}');
    const bad = await request(server, '/v1/graphql', { json: { query: '{ nope }' }, headers: accept });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('content-type'), 'application/graphql-response+json; charset=utf-8');
    assert.equal(bad.json.errors[0].extensions.code, 'validation-failed');
    // Hasura's behaviour for everyone else: HTTP 200 with the errors
    const plain = await request(server, '/v1/graphql', { json: { query: '{ nope }' } });
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get('content-type'), 'application/json; charset=utf-8');
  });

  test("urql's default client runs the seed's query unchanged (by GET)", async () => {
    const gets = () => server.logs.filter((l) => l.type === 'http-log' && l.detail.method === 'GET' &&
                                                l.detail.path === '/v1/graphql').length;
    const before = gets();
    const client = new Client({ url: `${server.url}/v1/graphql`, exchanges: [fetchExchange] });
    const result = await client.query(gql`
      query {
        orders {
          id
          ordered_by_user {
            id
            name
          }
        }
      }
    `, {}).toPromise();
    assert.equal(result.error, undefined);
    assert.deepEqual([...result.data.orders].sort((a, b) => a.id - b.id), [
      { id: 1, ordered_by_user: { id: 1, name: 'Alice' } },
      { id: 2, ordered_by_user: { id: 2, name: 'Bob' } },
      { id: 3, ordered_by_user: null },
    ]);
    // it came by GET, urql's default for queries (logs arrive asynchronously)
    await waitForLog(server, () => gets() > before);
  });

  test('numbers as strings: bigint, numeric and double precision, also across a remote relationship', async () => {
    const res = await request(strings, '/v1/graphql', { json: { query: '{ amounts { id total ratio n } }' } });
    assert.equal(res.text, '{"data":{"amounts":[{"id":"9007199254740993","total":"12345678901234567890.5","ratio":"0.1","n":7}]}}');
    const agg = await request(strings, '/v1/graphql', {
      json: { query: '{ amounts_aggregate { aggregate { count sum { id n } avg { n } } } }' },
    });
    assert.equal(agg.text, '{"data":{"amounts_aggregate":{"aggregate":{"count":1,"sum":{"id":"9007199254740993","n":7},"avg":{"n":"7"}}}}}');
    // the other server, on the same database, keeps numbers as numbers
    const plain = await request(server, '/v1/graphql', { json: { query: '{ amounts { id } }' } });
    assert.equal(plain.text, '{"data":{"amounts":[{"id":9007199254740993}]}}');
  });
});
