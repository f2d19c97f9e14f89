import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HttpMethod, OpenApiDocument } from './openapi.js';
import { openapiDocument } from './openapi.js';
import { createValidator, koaPath, type RequestParts } from './validate.js';

const v = createValidator();

function passes(method: HttpMethod, path: string, req: RequestParts) {
  const r = v.check(method, path, req);
  assert.ok(r.ok, r.ok ? '' : `${method} ${path}: ${r.detail}`);
  return r.value;
}

function error(method: HttpMethod, path: string, req: RequestParts): string {
  const r = v.check(method, path, req);
  assert.ok(!r.ok, `${method} ${path} ${JSON.stringify(req)} passed`);
  assert.equal(r.reason, 'bad-request');
  return r.detail;
}

describe('createValidator: valid requests pass', () => {
  test('every operation with a typical request', () => {
    passes('post', '/auth/login', { body: { username: 'alice', password: 'secret' } });
    passes('post', '/auth/logout', {});
    passes('get', '/auth/me', {});
    passes('post', '/search', { body: {} });
    passes('post', '/search', { body: {
      from: '2026-11-24T13:39:00+01:00', to: '1795523940000000', fields: { ruriUser: '0211*;!02119*', originatorIp: '10.0.0.1', status: '4*' },
      extra: { 'x-cid': 'abc' }, op: 'or', locations: ['berlin'], limit: 10000, unique: true, withLegs: true, cursor: 'abc',
    } });
    passes('get', '/messages/{id}', { params: { id: 'AbC-_09' } });
    passes('get', '/calls/{callId}', { params: { callId: 'a84b4c76e66710@pc33.example.com' }, query: { at: '2026-11-24T12:39:00Z' } });
    passes('get', '/calls/{callId}/export', { params: { callId: 'c' }, query: { format: 'text', legs: 'true' } });
    passes('post', '/export', { body: { search: { fields: { callId: 'c' } }, format: 'pcap' } });
    passes('get', '/users', {});
    passes('post', '/users', { body: { username: 'bob@example.com', password: 'long enough', role: 'viewer' } });
    passes('patch', '/users/{username}', { params: { username: 'bob' }, body: { disabled: true } });
    passes('delete', '/users/{username}', { params: { username: 'bob' } });
    passes('get', '/aliases', {});
    passes('put', '/aliases', { body: { ip: '2001:db8::1', name: 'sbc-1' } });
    passes('put', '/aliases', { body: { ip: '192.0.2.1', port: 5060, name: 'sbc-1' } });
    passes('delete', '/aliases/{ip}', { params: { ip: 'fe80::1' } });
    passes('get', '/locations', {});
    passes('get', '/openapi.json', {});
  });

  test('query strings are coerced to their schema types and defaults are filled in', () => {
    assert.deepEqual(passes('get', '/calls/{callId}', { params: { callId: 'c' }, query: { legs: 'false' } }).query, { legs: false, unique: true });
    assert.deepEqual(passes('delete', '/aliases/{ip}', { params: { ip: '::1' }, query: { port: '5060' } }).query, { port: 5060 });
  });

  test('the request given is not modified', () => {
    const query = { legs: 'false' };
    passes('get', '/calls/{callId}', { params: { callId: 'c' }, query });
    assert.deepEqual(query, { legs: 'false' });
  });
});

describe('createValidator: each class of error names the field', () => {
  const cases: Array<[string, HttpMethod, string, RequestParts, string]> = [
    ['number too large', 'post', '/search', { body: { limit: 10001 } }, 'body.limit: must be <= 10000'],
    ['number too small', 'post', '/search', { body: { limit: 0 } }, 'body.limit: must be >= 1'],
    ['not an integer', 'post', '/search', { body: { limit: 1.5 } }, 'body.limit: must be integer'],
    ['wrong type', 'post', '/search', { body: { unique: 'yes' } }, 'body.unique: must be boolean'],
    ['unknown field', 'post', '/search', { body: { fields: { fooUser: 'x' } } }, 'body.fields.fooUser: unknown field'],
    ['unknown top-level field', 'post', '/search', { body: { limmit: 5 } }, 'body.limmit: unknown field'],
    ['enum', 'post', '/search', { body: { op: 'xor' } }, 'body.op: must be one of "and", "or"'],
    ['pattern with a message', 'post', '/search', { body: { from: 'yesterday' } }, 'body.from: must be ISO 8601 with a zone (2026-11-24T13:39:00+01:00) or integer microseconds'],
    ['string too long', 'post', '/search', { body: { fields: { callId: 'x'.repeat(1025) } } }, 'body.fields.callId: must NOT have more than 1024 characters'],
    ['bad property name', 'post', '/search', { body: { extra: { 'X-CID': 'x' } } }, 'body.extra.X-CID: must be a lower-case header name'],
    ['array item', 'post', '/search', { body: { locations: ['a', 5] } }, 'body.locations.1: must be string'],
    ['nested body', 'post', '/export', { body: { search: { limit: 0 }, format: 'pcap' } }, 'body.search.limit: must be >= 1'],
    ['missing field', 'post', '/auth/login', { body: { username: 'alice' } }, 'body.password: is required'],
    ['missing body', 'post', '/search', {}, 'body: is required (JSON, Content-Type: application/json)'],
    ['body not an object', 'post', '/search', { body: [] }, 'body: must be object'],
    ['bad IP', 'put', '/aliases', { body: { ip: '10.0.0.300', name: 'x' } }, 'body.ip: must be an IPv4 or IPv6 address'],
    ['port out of range', 'put', '/aliases', { body: { ip: '10.0.0.1', port: 65536, name: 'x' } }, 'body.port: must be <= 65535'],
    ['short password', 'post', '/users', { body: { username: 'bob', password: 'short', role: 'admin' } }, 'body.password: must NOT have fewer than 8 characters'],
    ['bad role', 'post', '/users', { body: { username: 'bob', password: 'long enough', role: 'root' } }, 'body.role: must be one of "admin", "viewer"'],
    ['empty patch', 'patch', '/users/{username}', { params: { username: 'bob' }, body: {} }, 'body: must NOT have fewer than 1 properties'],
    ['query not coercible', 'delete', '/aliases/{ip}', { params: { ip: '::1' }, query: { port: 'abc' } }, 'query.port: must be integer'],
    ['query repeated', 'get', '/calls/{callId}', { params: { callId: 'c' }, query: { legs: ['true', 'false'] } }, 'query.legs: must be boolean'],
    ['unknown query parameter', 'get', '/calls/{callId}', { params: { callId: 'c' }, query: { leg: 'true' } }, 'query.leg: unknown parameter'],
    ['missing query parameter', 'get', '/calls/{callId}/export', { params: { callId: 'c' } }, 'query.format: is required'],
    ['query enum', 'get', '/calls/{callId}/export', { params: { callId: 'c' }, query: { format: 'zip' } }, 'query.format: must be one of "pcap", "text", "json"'],
    ['bad path parameter', 'get', '/messages/{id}', { params: { id: 'a+b' } }, 'path.id: must be a message id (base64url)'],
    ['bad IP in the path', 'delete', '/aliases/{ip}', { params: { ip: 'router-1' } }, 'path.ip: must be an IPv4 or IPv6 address'],
    ['bad username in the path', 'delete', '/users/{username}', { params: { username: 'a b' } }, 'path.username: must be 1-64 letters, digits and . _ @ -'],
  ];
  for (const [what, method, path, req, want] of cases) {
    test(`${what}: ${want}`, () => assert.equal(error(method, path, req), want));
  }

  test('an undocumented operation is an error, and a start-up error for middleware', () => {
    assert.match(error('get', '/search', {}), /not a documented operation/);
    assert.throws(() => v.middleware('get', '/nope'), /GET \/nope is not in the document/);
  });
});

describe('createValidator start-up checks', () => {
  test('a path parameter the document does not declare stops start-up', () => {
    const doc: OpenApiDocument = { ...openapiDocument, paths: { '/x/{y}': { get: { operationId: 'x', summary: 'x', responses: { 204: { description: 'ok' } } } } } };
    assert.throws(() => createValidator(doc), /GET \/x\/\{y\}: path parameter y is not declared/);
  });

  test('koaPath turns {name} into :name', () => {
    assert.equal(koaPath('/calls/{callId}/export'), '/calls/:callId/export');
    assert.equal(koaPath('/search'), '/search');
  });
});
