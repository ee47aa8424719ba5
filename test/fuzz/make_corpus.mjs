// Writes the seed corpora of the server_request and jwt fuzz targets (test/fuzz/corpus/NAME/):
// requests and tokens that take every path through request reading and JWT verification,
// valid ones first, so that mutations start from inputs that reach the claim checks.  The
// tokens are signed with the targets' HS256 test key and valid at their fixed clock
// (1700000000).  Run: node test/fuzz/make_corpus.mjs
import { createHmac } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const HS_KEY = 'a-fuzzing-hs256-key-that-is-long-enough-0123';  // jwt_fuzz.cpp, server_request_fuzz.cpp
const NS = 'https://hasura.io/jwt/claims';
const claims = { 'x-hasura-allowed-roles': ['user', 'editor'], 'x-hasura-default-role': 'user', 'x-hasura-user-id': '42' };

const b64 = (s) => Buffer.from(s).toString('base64url');
function hs256(payload, header = { alg: 'HS256', typ: 'JWT' }) {
  const input = `${b64(JSON.stringify(header))}.${b64(typeof payload === 'string' ? payload : JSON.stringify(payload))}`;
  return `${input}.${createHmac('sha256', HS_KEY).update(input).digest('base64url')}`;
}

function write(target, seeds) {
  const dir = join(here, 'corpus', target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, data] of Object.entries(seeds)) writeFileSync(join(dir, name), data);
}

const valid = { sub: 'fuzz', iat: 1699999000, exp: 2000000000, [NS]: claims };

// jwt: first byte 0 = a token as it is; 1/2/3 = "header\npayload" signed by the harness
// (HS256; RS256 with audience fuzz-aud and issuer fuzz-iss; HS512, stringified claims under
// "ns", 30 s of skew).
const signed = (mode, header, payload) =>
  Buffer.concat([Buffer.from([mode]), Buffer.from(`${JSON.stringify(header)}\n${typeof payload === 'string' ? payload : JSON.stringify(payload)}`)]);
write('jwt', {
  token_valid: Buffer.concat([Buffer.from([0]), Buffer.from(hs256(valid))]),
  token_nbf_fraction: Buffer.concat([Buffer.from([0]), Buffer.from(hs256({ ...valid, nbf: 1699999999.5, exp: 1.9e9 }))]),
  token_expired: Buffer.concat([Buffer.from([0]), Buffer.from(hs256({ ...valid, exp: 1600000000 }))]),
  token_exp_string: Buffer.concat([Buffer.from([0]), Buffer.from(hs256({ ...valid, exp: '2000000000' }))]),
  token_alg_none: Buffer.concat([Buffer.from([0]), Buffer.from(`${b64('{"alg":"none"}')}.${b64(JSON.stringify(valid))}.`)]),
  hs256_valid: signed(1, { alg: 'HS256' }, valid),
  hs256_exp_null: signed(1, { alg: 'HS256' }, { ...valid, exp: null }),
  hs256_iat_future: signed(1, { alg: 'HS256' }, { ...valid, iat: 1800000000 }),
  hs256_session: signed(1, { alg: 'HS256' }, { ...valid, [NS]: { ...claims, 'X-Hasura-Org': 7, 'x-hasura-list': [1, 'a'], 'x-hasura-nul': '\u0000' } }),
  hs256_no_roles: signed(1, { alg: 'HS256' }, { exp: 2000000000, [NS]: { 'x-hasura-default-role': 'user' } }),
  hs256_numbers: signed(1, { alg: 'HS256' }, '{"exp": 2e9, "nbf": -1, "iat": 0.5, "https://hasura.io/jwt/claims": {"x-hasura-allowed-roles": ["user"], "x-hasura-default-role": "user"}}'),
  rs256_valid: signed(2, { alg: 'RS256' }, { ...valid, aud: ['x', 'fuzz-aud'], iss: 'fuzz-iss' }),
  rs256_wrong_aud: signed(2, { alg: 'RS256' }, { ...valid, aud: 'nobody', iss: 'fuzz-iss' }),
  hs512_stringified: signed(3, { alg: 'HS512' }, { exp: 1700000010, nbf: 1700000020, ns: JSON.stringify(claims) }),
  hs512_not_string: signed(3, { alg: 'HS512' }, { exp: 2000000000, ns: claims }),
});

// server_request: "<head>\r\n\r\n<body>", or a body alone (an admin POST to /v1/graphql).
const req = (path, headers, body) =>
  [`POST ${path} HTTP/1.1`, 'Host: x', ...headers].join('\r\n') + '\r\n\r\n' + body;
const admin = ['Content-Type: application/json', 'X-Hasura-Admin-Secret: fuzz-admin-secret'];
const bearer = (payload) => [`Authorization: Bearer ${hs256(payload)}`];
write('server_request', {
  body_query: '{"query": "{ notes { id body } }"}',
  body_variables: '{"query": "query Q($id: Int, $s: [String!]) { notes(where: {id: {_eq: $id}}) { id } }", "variables": {"id": 1, "s": ["a", "b\\u00e9"]}, "operationName": "Q"}',
  body_numbers: '{"query": "{ a }", "variables": {"i": -9223372036854775808, "u": 18446744073709551615, "big": 123456789012345678901234567890, "f": 0.1000000000000000000000000001, "e": -1.5e-300, "z": -0}}',
  body_out_of_range: '{"query": "{ a }", "variables": {"v": 1e400}}',
  body_nul: '{"query": "{ a }\\u0000 b", "variables": {"v": "\\u0000"}, "operationName": "A\\u0000"}',
  body_nested: `{"query": "{ a }", "variables": {"v": ${'['.repeat(60)}{"k": [1, {"\\u0000": null}]}${']'.repeat(60)}}, "extensions": {"persistedQuery": {"version": 1}}}`,
  body_types: '[{"query": 1}, "x", null, true, {"variables": [], "operationName": 3}]',
  graphql_head: req('/v1/graphql', [...admin, 'X-Hasura-Role: user', 'X-Hasura-User-Id: 7', 'Content-Length: 27'], '{"query": "{ notes { id } }"}'),
  graphql_access_key: req('/v1/graphql?x=1', ['Content-Type: Application/JSON; charset=utf-8', 'X-Hasura-Access-Key: fuzz-admin-secret', 'x-hasura-org-id: \u00e9'], '{"query": "{ a }", "variables": null, "operationName": null}'),
  graphql_bad_utf8_header: Buffer.from(req('/v1/graphql', [...admin, 'X-Hasura-User-Id: \xff\xfe'], '{"query": "{ a }"}'), 'latin1'),
  graphql_jwt: req('/v1/graphql', ['Content-Type: application/json', ...bearer(valid), 'X-Hasura-Role: editor'], '{"query": "{ a }"}'),
  graphql_jwt_expired: req('/v1/graphql', ['Content-Type: application/json', ...bearer({ ...valid, exp: 1 })], '{"query": "{ a }"}'),
  graphql_wrong_secret: req('/v1/graphql', ['Content-Type: application/json', 'X-Hasura-Admin-Secret: nope'], '{"query": "{ a }"}'),
  graphql_text_plain: req('/v1/graphql', ['Content-Type: text/plain', 'X-Hasura-Admin-Secret: fuzz-admin-secret'], '{"query": "{ a }"}'),
  metadata_track: req('/v1/metadata', admin, '{"type": "pg_track_table", "args": {"source": "default", "table": {"schema": "public", "name": "notes"}}}'),
  metadata_bulk: req('/v1/metadata', admin, '{"type": "bulk", "args": [{"type": "reload_metadata", "args": {}}, {"type": "export_metadata", "args": {}}]}'),
  metadata_nul: req('/v1/metadata', admin, '{"type": "pg_track_table", "args": {"table": "a\\u0000"}}'),
  query_seed: req('/v1/query', admin, '{"type": "create_remote_relationship", "args": {"name": "ordered_by_user", "source": "orders_db", "table": "orders", "remote_source": {"relationship_type": "object", "field_mapping": {"ordered_by_user_id": "id"}, "source": "users_db", "table": "users"}}}'),
  metadata_jwt_user: req('/v1/metadata', ['Content-Type: application/json', ...bearer(valid)], '{"type": "export_metadata", "args": {}}'),
});
