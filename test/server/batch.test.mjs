// Batched requests (Hasura's): POST /v1/graphql with a JSON array of operations answers a JSON
// array of their results, in order, each run on its own (an error in one is that one's result);
// an empty batch answers []; an element that is no operation refuses the whole batch (400, with
// its path); at most 100 operations.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { psql, request, startServer } from './helpers.mjs';

describe('batched requests', () => {
  let server;
  before(async () => {
    psql('postgres', 'DROP DATABASE IF EXISTS srv_batch WITH (FORCE)');
    psql('postgres', 'CREATE DATABASE srv_batch');
    psql('srv_batch', `CREATE EXTENSION graphgate CASCADE;
      CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL);
      INSERT INTO notes VALUES (1, 'one');
      SELECT graphgate.track_table('srv_batch', 'notes');`);
    server = await startServer({}, { db: 'srv_batch' });
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
    psql('postgres', 'DROP DATABASE srv_batch WITH (FORCE)');
  });

  const batch = (operations, headers = {}) =>
    request(server, '/v1/graphql', { body: JSON.stringify(operations), headers: { 'content-type': 'application/json', ...headers } });

  test('results in order; an error is its own operation\'s result; operations run one after another', async () => {
    const res = await batch([
      { query: '{ notes { id body } }' },
      { query: 'mutation ($b: String!) { insert_notes_one(object: {id: 2, body: $b}) { id } }', variables: { b: 'two' } },
      { query: '{ nope }' },
      { query: 'query A { notes_by_pk(id: 2) { body } } query B { __typename }', operationName: 'A' },
      { query: 'mutation { insert_notes_one(object: {id: 2, body: "again"}) { id } }' },
      { query: '{ notes_aggregate { aggregate { count } } }' },
    ]);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(res.text, '[' + [
      '{"data":{"notes":[{"id":1,"body":"one"}]}}',
      '{"data":{"insert_notes_one":{"id":2}}}',
      '{"errors":[{"message":"field \'nope\' not found in type: \'query_root\'","locations":[{"line":1,"column":3}],"extensions":{"path":"$","code":"validation-failed"}}]}',
      '{"data":{"notes_by_pk":{"body":"two"}}}',
      '{"errors":[{"message":"Uniqueness violation. duplicate key value violates unique constraint \\"notes_pkey\\"","extensions":{"path":"$.selectionSet.insert_notes_one.args.object","code":"constraint-violation","internal":{"sqlstate":"23505","detail":"Key (id)=(2) already exists."}}}]}',
      '{"data":{"notes_aggregate":{"aggregate":{"count":2}}}}',
    ].join(',') + ']');
  });

  test('an empty batch answers an empty array', async () => {
    const res = await batch([]);
    assert.equal(res.status, 200);
    assert.equal(res.text, '[]');
  });

  test('an element that is no operation refuses the whole batch, with its path; nothing runs', async () => {
    const notObject = await batch([{ query: 'mutation { delete_notes(where: {}) { affected_rows } }' }, 'query']);
    assert.equal(notObject.status, 400);
    assert.equal(notObject.text,
      '{"errors":[{"extensions":{"path":"$[1]","code":"parse-failed"},"message":"expected Object for an operation of the batch, but encountered String"}]}');
    const noQuery = await batch([{ query: '{ __typename }' }, { variables: {} }]);
    assert.equal(noQuery.status, 400);
    assert.equal(noQuery.text,
      '{"errors":[{"extensions":{"path":"$[1]","code":"parse-failed"},"message":"the key \'query\' was not present"}]}');
    const badVariables = await batch([{ query: '{ __typename }', variables: [1] }]);
    assert.equal(badVariables.text,
      '{"errors":[{"extensions":{"path":"$[0]","code":"parse-failed"},"message":"variables: expected Object, but encountered Array"}]}');
    const count = await request(server, '/v1/graphql', { json: { query: '{ notes_aggregate { aggregate { count } } }' } });
    assert.equal(count.text, '{"data":{"notes_aggregate":{"aggregate":{"count":2}}}}');
  });

  test('a U+0000 in one operation is that operation\'s error; the others run', async () => {
    const res = await batch([{ query: '{ __typename }' }, { query: '{ __type\u0000name }' }]);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, [
      { data: { __typename: 'query_root' } },
      { errors: [{ extensions: { path: '$.query', code: 'validation-failed' },
                   message: 'The query contains the character U+0000 (NUL), which graphgate does not accept anywhere in a document.',
                   locations: [{ line: 1, column: 9 }] }] },
    ]);
  });

  test('at most 100 operations', async () => {
    const ok = await batch(Array.from({ length: 100 }, () => ({ query: '{ __typename }' })));
    assert.equal(ok.status, 200);
    assert.equal(ok.json.length, 100);
    const res = await batch(Array.from({ length: 101 }, () => ({ query: '{ __typename }' })));
    assert.equal(res.status, 400);
    assert.equal(res.text,
      '{"errors":[{"extensions":{"path":"$","code":"parse-failed"},"message":"a batch holds at most 100 operations; this one has 101"}]}');
  });

  test('application/graphql-response+json: a batch is 200 in that media type', async () => {
    const res = await batch([{ query: '{ __typename }' }, { query: '{ nope }' }], { accept: 'application/graphql-response+json' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/graphql-response+json; charset=utf-8');
    assert.equal(res.json.length, 2);
    assert.deepEqual(res.json[0], { data: { __typename: 'query_root' } });
  });
});
