// Bodies that used to crash or fool the server: numbers beyond a double's range, JSON nested
// 100,000 deep, U+0000 in the query, the operation name and the variables, header values that
// are not UTF-8.  Each gets Hasura's error shape, the server keeps serving, and what does reach
// the database is exactly what the client sent (the srv_echo database's graphgate.graphql()
// and metadata() return their arguments, so these tests see the server alone).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { graphql, psql, rawPost, request, startServer } from './helpers.mjs';

const gqlError = (code, message, path = '$') => ({ errors: [{ extensions: { path, code }, message }] });
const apiError = (code, error, path = '$') => ({ path, error, code });
const post = (server, path, body) => request(server, path, { body, headers: { 'content-type': 'application/json' } });
const deep = (n) => '['.repeat(n) + ']'.repeat(n);
const tooDeep = 'the request body nests objects and arrays deeper than 1000 levels';
// The byte reported is the one just after the number (counted from 0).
const outOfRange = (body, number, shown = number) =>
  `invalid JSON in the request body at byte ${body.indexOf(number) + number.length}: the number ${shown} is ` +
  'out of range (numbers must lie within +-1.7976931348623157e308)';

describe('request bodies at and beyond the limits', () => {
  let server;
  before(async () => {
    server = await startServer({}, { db: 'srv_echo' });
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  // After every hostile body: the process is there and answers.
  async function alive() {
    assert.equal(server.exited, null, 'the server exited');
    const res = await graphql(server, '{ ok }');
    assert.equal(res.status, 200);
    assert.equal(res.json.query, '{ ok }');
  }

  test('numbers beyond a double: 400 invalid-json, wherever they are', async () => {
    const digits = '9'.repeat(10000);
    const cases = [
      ['/v1/graphql', '{"query": "{ a }", "variables": {"v": 1e400}}', '1e400'],
      ['/v1/graphql', '{"query": "{ a }", "variables": {"v": -1e400}}', '-1e400'],
      ['/v1/graphql', `{"query": "{ a }", "variables": {"v": ${digits}}}`, digits, `${'9'.repeat(40)}...`],
      ['/v1/graphql', '{"query": "{ a }", "extensions": {"unused": 1e400}}', '1e400'],
      ['/v1/metadata', '{"type": "bulk", "args": [], "x": 1e400}', '1e400'],
      ['/v1/query', '{"type": "bulk", "args": [1E+999]}', '1E+999'],
    ].map(([path, body, number, shown]) => [path, body, outOfRange(body, number, shown)]);
    for (const [path, body, message] of cases) {
      const res = await post(server, path, body);
      assert.equal(res.status, 400, body.slice(0, 60));
      assert.deepEqual(res.json, path === '/v1/graphql' ? gqlError('invalid-json', message) : apiError('invalid-json', message));
      await alive();
    }
  });

  test('numbers within range reach Postgres with every digit', async () => {
    const variables = '{"big": 123456789012345678901234567890, "precise": 0.1000000000000000000000000001, ' +
      '"tiny": -1.5e-300, "max": 1.7976931348623157e308, "u64": 18446744073709551615, "i64": -9223372036854775808, ' +
      '"under": 1e-400, "list": [1.10, 2e0, -0]}';
    const res = await post(server, '/v1/graphql', `{"query": "{ a }", "variables": ${variables}}`);
    assert.equal(res.status, 200);
    // What Postgres makes of the client's own text is the reference: nothing went through a
    // double (which would have turned "big" into 123456789012345680000000000000).
    const start = res.text.indexOf('"variables" : ') + '"variables" : '.length;
    const echoed = res.text.slice(start, res.text.indexOf(', "operationName" : '));
    assert.equal(echoed, psql('srv_echo', `SELECT '${variables}'::jsonb::text`));
    assert.ok(echoed.includes('"big": 123456789012345678901234567890,'), echoed);
    assert.ok(echoed.includes('"precise": 0.1000000000000000000000000001}'), echoed);
  });

  test('nesting deeper than 1000 levels: 400 before anything is built', async () => {
    const cases = [
      ['/v1/graphql', `{"query": "{ a }", "variables": {"v": ${deep(100000)}}}`],
      ['/v1/graphql', `{"query": "{ a }", "extensions": ${deep(100000)}}`],
      ['/v1/graphql', deep(100000)],
      ['/v1/graphql', `{"query": "{ a }", "variables": {"v": ${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}}`],
      ['/v1/metadata', `{"type": "bulk", "args": ${deep(100000)}}`],
      ['/v1/graphql', `{"query": "{ a }", "variables": {"v": ${deep(999)}}}`],  // 1001 with the body and variables
    ];
    for (const [path, body] of cases) {
      const res = await post(server, path, body);
      assert.equal(res.status, 400, `${path} ${body.length} bytes`);
      assert.deepEqual(res.json, path === '/v1/graphql' ? gqlError('invalid-json', tooDeep) : apiError('invalid-json', tooDeep));
      await alive();
    }
  });

  test('1000 levels are accepted and reach Postgres whole', async () => {
    const res = await post(server, '/v1/graphql', `{"query": "{ a }", "variables": {"v": ${deep(998)}}}`);
    assert.equal(res.status, 200);
    assert.equal(JSON.stringify(res.json.variables.v), deep(998));
    const meta = await post(server, '/v1/metadata', `{"type": "bulk", "args": ${deep(999)}}`);
    assert.equal(meta.status, 200);
    assert.equal(JSON.stringify(meta.json.echo.args), deep(999));
  });

  // libpq sends text parameters as C strings: the query used to be cut at the NUL and the first
  // part run ("{ items { id } }\u0000 garbage" ran "{ items { id } }").
  test('U+0000 in the query is refused with its location', async () => {
    const res = await graphql(server, '{ items { id } }\u0000 garbage');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, {
      errors: [{
        extensions: { path: '$.query', code: 'validation-failed' },
        message: 'The query contains the character U+0000 (NUL), which graphgate does not accept anywhere in a document.',
        locations: [{ line: 1, column: 17 }],
      }],
    });
    const later = await graphql(server, 'query {\r\n  a(s: "é😀\u0000")\n}');
    assert.deepEqual(later.json.errors[0].locations, [{ line: 2, column: 12 }]);
    await alive();
  });

  test('U+0000 in the operation name is refused', async () => {
    const res = await graphql(server, 'query A { a } query B { b }', { operationName: 'A\u0000B' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, gqlError('validation-failed',
      'Unknown operation named "A\\u0000B": an operation name cannot contain U+0000 (NUL).', '$.operationName'));
  });

  test('U+0000 in a variable is refused with its path; elsewhere it is ignored', async () => {
    const cases = [
      [{ v: 'a\u0000b' }, '$.variableValues.v'],
      [{ list: [1, { 'odd key': ['x', '\u0000'] }] }, "$.variableValues.list[1]['odd key'][1]"],
      [{ 'a\u0000': 1 }, "$.variableValues['a\u0000']"],
    ];
    for (const [variables, path] of cases) {
      const res = await graphql(server, '{ a }', { variables });
      assert.equal(res.status, 200);
      assert.deepEqual(res.json, gqlError('validation-failed',
        'A variable contains the character U+0000 (NUL), which PostgreSQL cannot store.', path));
    }
    // a member the server does not pass on may hold anything
    const res = await request(server, '/v1/graphql', { json: { query: '{ a }', extensions: { x: '\u0000' } } });
    assert.equal(res.status, 200);
    assert.equal(res.json.query, '{ a }');
  });

  test('U+0000 in a metadata body is refused with its path', async () => {
    const res = await post(server, '/v1/metadata', '{"type": "bulk", "args": [{"type": "x", "args": {"name": "a\\u0000"}}]}');
    assert.equal(res.status, 400);
    assert.deepEqual(res.json, apiError('invalid-json',
      'the request body contains the character U+0000 (NUL) at $.args[0].args.name, which PostgreSQL cannot store',
      '$.args[0].args.name'));
  });

  test('strings, unicode and escapes reach Postgres unchanged', async () => {
    const variables = { s: 'tab\t "quote" \\ é 😀 \u001f', n: null, t: true, o: {}, a: [] };
    const res = await graphql(server, 'query Q($s: String) { a }', { variables, operationName: 'Q' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.variables, variables);
    assert.equal(res.json.operationName, 'Q');
    assert.equal(res.json.query, 'query Q($s: String) { a }');
  });

  // Header values may carry any byte above 0x7f; the session goes to Postgres as jsonb.
  test('a session header that is not UTF-8 is refused, and the server lives', async () => {
    const body = JSON.stringify({ query: '{ a }' });
    const bad = Buffer.from('X-Hasura-User-Id: \xff\xfe', 'latin1').toString('latin1');
    const res = await rawPost(server, '/v1/graphql', body, [bad]);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, gqlError('invalid-headers', 'the value of header x-hasura-user-id is not valid UTF-8'));
    const role = await rawPost(server, '/v1/metadata', '{"type": "bulk", "args": []}', ['X-Hasura-Role: r\xe9']);
    assert.equal(role.status, 400);
    assert.deepEqual(role.json, apiError('invalid-headers', 'the value of header x-hasura-role is not valid UTF-8'));
    // valid UTF-8 in a header is passed on
    const ok = await rawPost(server, '/v1/graphql', body, [Buffer.from('X-Hasura-User-Id: é', 'utf8').toString('latin1')]);
    assert.equal(ok.json.session['x-hasura-user-id'], 'é');
    await alive();
  });
});
