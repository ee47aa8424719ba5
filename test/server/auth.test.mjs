// Hasura's auth model: admin secret, JWT (HS256, RS256), unauthorized role, development mode.
// Which role a request ran as is read from the request log (the server's decision) and, where
// the extension shows it, from the data a role may see (roles.test.mjs goes deeper).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { graphql, hasuraClaims, logOf, metadata, rawPost, request, rsaKeys, signJwt, startServer } from './helpers.mjs';

const SECRET = 'admin-secret-for-tests';
const HS_KEY = 'a-test-hs256-key-that-is-long-enough-0123456789';
const gqlError = (code, message) => ({ errors: [{ extensions: { path: '$', code }, message }] });
const apiError = (code, error) => ({ path: '$', error, code });
// An HS256 token over a payload given as JSON text (for payloads JSON.stringify cannot write).
const signRawHs256 = (payloadText) => {
  const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(payloadText).toString('base64url')}`;
  return `${input}.${createHmac('sha256', HS_KEY).update(input).digest('base64url')}`;
};
const userClaims = { 'x-hasura-allowed-roles': ['srv_user', 'srv_guest'], 'x-hasura-default-role': 'srv_user', 'x-hasura-user-id': '1' };

async function roleOf(server, res) {
  await new Promise((r) => setTimeout(r, 30));
  return logOf(server, res)?.detail.role;
}

describe('admin secret', () => {
  let server;
  before(async () => {
    server = await startServer({ GRAPHGATE_ADMIN_SECRET: SECRET });
  });
  after(async () => {
    await server.stop();
  });

  test('no credentials: 401 on every endpoint', async () => {
    const q = await graphql(server, '{ __typename }');
    assert.equal(q.status, 401);
    assert.deepEqual(q.json, gqlError('access-denied', 'invalid x-hasura-admin-secret/x-hasura-access-key'));
    for (const path of ['/v1/metadata', '/v1/query']) {
      const m = await metadata(server, { type: 'export_metadata', args: {} }, { path });
      assert.equal(m.status, 401);
      assert.deepEqual(m.json, apiError('access-denied', 'invalid x-hasura-admin-secret/x-hasura-access-key'));
    }
  });

  test('a wrong secret: 401', async () => {
    const q = await graphql(server, '{ __typename }', { headers: { 'x-hasura-admin-secret': SECRET + 'x' } });
    assert.equal(q.status, 401);
    assert.deepEqual(q.json, gqlError('access-denied', 'invalid x-hasura-admin-secret/x-hasura-access-key'));
    const m = await metadata(server, { type: 'bulk', args: [] }, { headers: { 'x-hasura-admin-secret': '' } });
    assert.equal(m.status, 401);
  });

  test('the right secret is admin, on /v1/graphql and /v1/metadata', async () => {
    const q = await graphql(server, '{ __typename }', { headers: { 'x-hasura-admin-secret': SECRET } });
    assert.equal(q.status, 200);
    assert.equal(await roleOf(server, q), 'admin');
    const m = await metadata(server, { type: 'bulk', args: [] }, { headers: { 'X-Hasura-Admin-Secret': SECRET } });
    assert.equal(m.status, 200);
    assert.deepEqual(m.json, []);
    // the deprecated header works too
    const old = await metadata(server, { type: 'bulk', args: [] }, { headers: { 'x-hasura-access-key': SECRET } });
    assert.equal(old.status, 200);
  });

  test('admin may pick a role; the metadata API then refuses', async () => {
    const headers = { 'x-hasura-admin-secret': SECRET, 'x-hasura-role': 'srv_user', 'x-hasura-user-id': '2' };
    const q = await graphql(server, '{ __typename }', { headers });
    assert.equal(q.status, 200);
    assert.equal(await roleOf(server, q), 'srv_user');
    const m = await metadata(server, { type: 'bulk', args: [] }, { headers });
    assert.equal(m.status, 400);
    assert.deepEqual(m.json, apiError('access-denied', 'restricted access : admin only'));
  });

  test('a JWT is not accepted when no JWT secret is configured', async () => {
    const token = signJwt(hasuraClaims(userClaims), HS_KEY);
    const q = await graphql(server, '{ __typename }', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(q.status, 401);
  });

  // A header given twice counts as its first occurrence, and X-Hasura-Admin-Secret wins over
  // the deprecated X-Hasura-Access-Key: a value appended by a proxy does not decide.
  test('repeated secret headers: the first X-Hasura-Admin-Secret decides', async () => {
    const body = JSON.stringify({ query: '{ __typename }' });
    const cases = [
      [[`X-Hasura-Admin-Secret: ${SECRET}`, 'X-Hasura-Admin-Secret: wrong'], 200],
      [['X-Hasura-Admin-Secret: wrong', `X-Hasura-Admin-Secret: ${SECRET}`], 401],
      [[`X-Hasura-Admin-Secret: ${SECRET}`, 'X-Hasura-Access-Key: wrong'], 200],
      [['X-Hasura-Access-Key: wrong', `X-Hasura-Admin-Secret: ${SECRET}`], 200],
      [[`X-Hasura-Access-Key: ${SECRET}`, 'X-Hasura-Admin-Secret: wrong'], 401],
    ];
    for (const [lines, status] of cases) {
      const res = await rawPost(server, '/v1/graphql', body, lines);
      assert.equal(res.status, status, lines.join(' | '));
    }
  });

  test('secrets never reach the logs', () => {
    assert.ok(!server.raw.includes(SECRET), 'admin secret in the log');
  });
});

describe('JWT HS256', () => {
  let server;
  before(async () => {
    server = await startServer({
      GRAPHGATE_ADMIN_SECRET: SECRET,
      GRAPHGATE_JWT_SECRET: JSON.stringify({ type: 'HS256', key: HS_KEY }),
    });
  });
  after(async () => {
    await server.stop();
  });
  const bearer = (token) => ({ authorization: `Bearer ${token}` });

  test('a valid token: its default role', async () => {
    const token = signJwt(hasuraClaims(userClaims), HS_KEY);
    const q = await graphql(server, '{ __typename }', { headers: bearer(token) });
    assert.equal(q.status, 200);
    assert.equal(await roleOf(server, q), 'srv_user');
    assert.ok(!server.raw.includes(token), 'token in the log');
  });

  test('X-Hasura-Role picks another allowed role', async () => {
    const token = signJwt(hasuraClaims(userClaims), HS_KEY);
    const q = await graphql(server, '{ __typename }', { headers: { ...bearer(token), 'x-hasura-role': 'srv_guest' } });
    assert.equal(q.status, 200);
    assert.equal(await roleOf(server, q), 'srv_guest');
  });

  test('a role outside the allowed roles', async () => {
    const token = signJwt(hasuraClaims(userClaims), HS_KEY);
    const q = await graphql(server, '{ __typename }', { headers: { ...bearer(token), 'x-hasura-role': 'admin' } });
    assert.equal(q.status, 200);
    assert.deepEqual(q.json, gqlError('access-denied', 'Your requested role is not in allowed roles'));
  });

  test('an expired token', async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    const token = signJwt(hasuraClaims(userClaims, { exp: past }), HS_KEY);
    const q = await graphql(server, '{ __typename }', { headers: bearer(token) });
    assert.equal(q.status, 200);
    assert.deepEqual(q.json, gqlError('invalid-jwt', 'Could not verify JWT: JWTExpired'));
    const m = await metadata(server, { type: 'bulk', args: [] }, { headers: bearer(token) });
    assert.equal(m.status, 400);
    assert.deepEqual(m.json, apiError('invalid-jwt', 'Could not verify JWT: JWTExpired'));
  });

  // RFC 7519 §2 and Hasura (jose): exp, nbf and iat are JSON numbers.  A string that looks
  // like a time used to be skipped, so "exp": "946684800" (year 2000) never expired.
  test('exp, nbf and iat that are not numbers make the token invalid', async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      ['exp', String(now - 3600), 'String'], ['exp', '946684800', 'String'], ['exp', null, 'Null'],
      ['exp', true, 'Boolean'], ['exp', { t: now + 60 }, 'Object'], ['exp', [now + 60], 'Array'],
      ['nbf', String(now - 60), 'String'], ['nbf', null, 'Null'], ['nbf', false, 'Boolean'],
      ['iat', String(now), 'String'], ['iat', null, 'Null'], ['iat', {}, 'Object'],
    ];
    for (const [claim, value, type] of cases) {
      const token = signJwt(hasuraClaims(userClaims, { [claim]: value }), HS_KEY);
      const message = `Could not verify JWT: JWTClaimsSetDecodeError "Error in $.${claim}: parsing NumericDate failed, expected Number, but encountered ${type}"`;
      const q = await graphql(server, '{ __typename }', { headers: bearer(token) });
      assert.equal(q.status, 200, `${claim}: ${JSON.stringify(value)}`);
      assert.deepEqual(q.json, gqlError('invalid-jwt', message), `${claim}: ${JSON.stringify(value)}`);
      const m = await metadata(server, { type: 'bulk', args: [] }, { headers: bearer(token) });
      assert.equal(m.status, 400);
      assert.deepEqual(m.json, apiError('invalid-jwt', message));
    }
  });

  test('numeric exp, nbf and iat are checked, fractions too', async () => {
    const now = Math.floor(Date.now() / 1000);
    const check = async (extra, message) => {
      const token = signJwt(hasuraClaims(userClaims, extra), HS_KEY);
      const q = await graphql(server, '{ __typename }', { headers: bearer(token) });
      if (message) assert.deepEqual(q.json, gqlError('invalid-jwt', message), JSON.stringify(extra));
      else assert.deepEqual(q.json, { data: { __typename: 'query_root' } }, JSON.stringify(extra));
    };
    await check({ exp: now + 60.5, nbf: now - 0.5, iat: now - 10.25 });
    await check({ exp: now - 0.5 }, 'Could not verify JWT: JWTExpired');
    await check({ exp: 946684800 }, 'Could not verify JWT: JWTExpired');
    await check({ nbf: now + 3600 }, 'Could not verify JWT: JWTNotYetValid');
    // jose (Hasura's JWT library) refuses a token issued in the future
    await check({ iat: now + 3600 }, 'Could not verify JWT: JWTIssuedAtFuture');
    // a number that does not fit a double is not a NumericDate either: the payload is refused
    const token = signRawHs256(`{"exp": 1e400, "https://hasura.io/jwt/claims": ${JSON.stringify(userClaims)}}`);
    const q = await graphql(server, '{ __typename }', { headers: bearer(token) });
    assert.deepEqual(q.json, gqlError('invalid-jwt', 'Could not verify JWT: JWSError (JSONDecodeError)'));
  });

  test('claims nested deeper than the JSON limit are refused, and the server lives', async () => {
    const deep = '['.repeat(20000) + ']'.repeat(20000);
    const token = signRawHs256(`{"https://hasura.io/jwt/claims": ${JSON.stringify(userClaims).slice(0, -1)}, "x-hasura-deep": ${deep}}}`);
    const q = await graphql(server, '{ __typename }', { headers: bearer(token) });
    assert.deepEqual(q.json, gqlError('invalid-jwt', 'Could not verify JWT: JWSError (JSONDecodeError)'));
    const ok = await graphql(server, '{ __typename }', { headers: bearer(signJwt(hasuraClaims(userClaims), HS_KEY)) });
    assert.deepEqual(ok.json, { data: { __typename: 'query_root' } });
  });

  test('a claim with U+0000 is refused before it reaches Postgres', async () => {
    const token = signJwt(hasuraClaims({ ...userClaims, 'x-hasura-user-id': '1\u0000; x' }), HS_KEY);
    const q = await graphql(server, '{ __typename }', { headers: bearer(token) });
    assert.equal(q.status, 200);
    assert.deepEqual(q.json, gqlError('jwt-invalid-claims',
      'x-hasura-* claims: "x-hasura-user-id" contains the character U+0000 (NUL)'));
  });

  test('a badly signed token', async () => {
    const token = signJwt(hasuraClaims(userClaims), HS_KEY + 'wrong');
    const q = await graphql(server, '{ __typename }', { headers: bearer(token) });
    assert.equal(q.status, 200);
    assert.deepEqual(q.json, gqlError('invalid-jwt', 'Could not verify JWT: JWSError JWSInvalidSignature'));
    // a tampered payload fails the same way
    const [h, , s] = signJwt(hasuraClaims(userClaims), HS_KEY).split('.');
    const forged = Buffer.from(JSON.stringify(hasuraClaims({ ...userClaims, 'x-hasura-default-role': 'admin', 'x-hasura-allowed-roles': ['admin'] }))).toString('base64url');
    const t = await graphql(server, '{ __typename }', { headers: bearer(`${h}.${forged}.${s}`) });
    assert.deepEqual(t.json, gqlError('invalid-jwt', 'Could not verify JWT: JWSError JWSInvalidSignature'));
  });

  test('alg none and a malformed token are refused', async () => {
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(hasuraClaims(userClaims))).toString('base64url')}.`;
    const q = await graphql(server, '{ __typename }', { headers: bearer(none) });
    assert.deepEqual(q.json, gqlError('invalid-jwt', 'Could not verify JWT: JWSError JWSInvalidSignature'));
    const m = await graphql(server, '{ __typename }', { headers: bearer('abc') });
    assert.deepEqual(m.json, gqlError('invalid-jwt',
      'Could not verify JWT: JWSError (CompactDecodeError Invalid number of parts: Expected 3 parts; got 1)'));
    const h = await graphql(server, '{ __typename }', { headers: { authorization: 'Basic abc' } });
    assert.deepEqual(h.json, gqlError('invalid-headers', 'Malformed Authorization header'));
  });

  test('claims without roles', async () => {
    const noAllowed = signJwt(hasuraClaims({ 'x-hasura-default-role': 'srv_user' }), HS_KEY);
    let q = await graphql(server, '{ __typename }', { headers: bearer(noAllowed) });
    assert.deepEqual(q.json, gqlError('jwt-missing-role-claims', 'JWT claim does not contain x-hasura-allowed-roles'));
    const noDefault = signJwt(hasuraClaims({ 'x-hasura-allowed-roles': ['srv_user'] }), HS_KEY);
    q = await graphql(server, '{ __typename }', { headers: bearer(noDefault) });
    assert.deepEqual(q.json, gqlError('jwt-missing-role-claims', 'JWT claim does not contain x-hasura-default-role'));
    const noNamespace = signJwt({ sub: 'x', exp: Math.floor(Date.now() / 1000) + 60 }, HS_KEY);
    q = await graphql(server, '{ __typename }', { headers: bearer(noNamespace) });
    assert.deepEqual(q.json, gqlError('jwt-invalid-claims', "claims key: 'https://hasura.io/jwt/claims' not found"));
  });

  test('a JWT user cannot use the metadata API', async () => {
    const token = signJwt(hasuraClaims(userClaims), HS_KEY);
    const m = await metadata(server, { type: 'bulk', args: [] }, { headers: bearer(token) });
    assert.equal(m.status, 400);
    assert.deepEqual(m.json, apiError('access-denied', 'restricted access : admin only'));
  });

  test('no credentials in JWT mode: 401', async () => {
    const q = await graphql(server, '{ __typename }');
    assert.equal(q.status, 401);
    assert.deepEqual(q.json, gqlError('access-denied', "Missing 'Authorization' or 'Cookie' header in JWT authentication mode"));
  });

  test('the admin secret still works', async () => {
    const q = await graphql(server, '{ __typename }', { headers: { 'x-hasura-admin-secret': SECRET } });
    assert.equal(q.status, 200);
    assert.equal(await roleOf(server, q), 'admin');
  });
});

describe('JWT RS256 and the unauthorized role', () => {
  let server;
  const keys = rsaKeys();
  before(async () => {
    server = await startServer({
      GRAPHGATE_ADMIN_SECRET: SECRET,
      GRAPHGATE_JWT_SECRET: JSON.stringify({ type: 'RS256', key: keys.publicPem, audience: 'graphgate-tests' }),
      GRAPHGATE_UNAUTHORIZED_ROLE: 'srv_guest',
    });
  });
  after(async () => {
    await server.stop();
  });

  test('a token signed with the private key', async () => {
    const token = signJwt(hasuraClaims(userClaims, { aud: 'graphgate-tests' }), keys.privateKey, 'RS256');
    const q = await graphql(server, '{ __typename }', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(q.status, 200);
    assert.equal(await roleOf(server, q), 'srv_user');
  });

  test('signed by another key, or for another audience', async () => {
    const other = rsaKeys();
    const bad = signJwt(hasuraClaims(userClaims, { aud: 'graphgate-tests' }), other.privateKey, 'RS256');
    let q = await graphql(server, '{ __typename }', { headers: { authorization: `Bearer ${bad}` } });
    assert.deepEqual(q.json, gqlError('invalid-jwt', 'Could not verify JWT: JWSError JWSInvalidSignature'));
    const aud = signJwt(hasuraClaims(userClaims, { aud: 'someone-else' }), keys.privateKey, 'RS256');
    q = await graphql(server, '{ __typename }', { headers: { authorization: `Bearer ${aud}` } });
    assert.deepEqual(q.json, gqlError('invalid-jwt', 'Could not verify JWT: JWTNotInAudience'));
    // an HS256 token whose "secret" is the public key (the key-confusion attack)
    const confused = signJwt(hasuraClaims(userClaims, { aud: 'graphgate-tests' }), keys.publicPem, 'HS256');
    q = await graphql(server, '{ __typename }', { headers: { authorization: `Bearer ${confused}` } });
    assert.deepEqual(q.json, gqlError('invalid-jwt', 'Could not verify JWT: JWSError JWSInvalidSignature'));
  });

  test('no credentials: the unauthorized role', async () => {
    const q = await graphql(server, '{ __typename }');
    assert.equal(q.status, 200);
    assert.equal(await roleOf(server, q), 'srv_guest');
    const m = await metadata(server, { type: 'bulk', args: [] });
    assert.equal(m.status, 400);
    assert.deepEqual(m.json, apiError('access-denied', 'restricted access : admin only'));
  });
});

describe('startup checks', () => {
  test('a JWT secret without an admin secret is refused, as in Hasura', async () => {
    await assert.rejects(startServer({ GRAPHGATE_JWT_SECRET: JSON.stringify({ type: 'HS256', key: HS_KEY }) }),
      /server exited \(2\)/);
  });
  test('a short HS256 key is refused', async () => {
    await assert.rejects(startServer({ GRAPHGATE_ADMIN_SECRET: SECRET, GRAPHGATE_JWT_SECRET: '{"type":"HS256","key":"short"}' }),
      /the HS256 key must be at least 32 characters long/);
  });
});
