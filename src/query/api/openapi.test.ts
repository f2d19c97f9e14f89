import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { SEARCH_FIELDS } from '../types.js';
import { HTTP_METHODS, openapiDocument as doc, type Operation } from './openapi.js';
import { resolveRef } from './pointer.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** Every `$ref` value anywhere in `node`, with where it was found. */
function refs(node: unknown, at = '#'): Array<[string, string]> {
  if (Array.isArray(node)) return node.flatMap((v, i) => refs(v, `${at}/${i}`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [[at, v] as [string, string]] : refs(v, `${at}/${k}`)));
}

const operations = (): Array<[string, string, Operation]> =>
  Object.entries(doc.paths).flatMap(([p, item]) => HTTP_METHODS.flatMap((m) => (item[m] ? [[m, p, item[m]] as [string, string, Operation]] : [])));

describe('the OpenAPI document', () => {
  test('is valid OpenAPI 3.1 by the official schema', async () => {
    const res = await new Validator().validate(JSON.parse(JSON.stringify(doc)) as Record<string, unknown>);
    assert.equal(res.valid, true, JSON.stringify(res.errors, null, 2));
  });

  test('the schema check has teeth: a parameter in the body (OpenAPI 2 style) is refused', async () => {
    const broken = JSON.parse(JSON.stringify(doc)) as { components: { parameters: { at: { in: string } } } };
    broken.components.parameters.at.in = 'body';
    assert.equal((await new Validator().validate(broken)).valid, false);
  });

  test('is plain JSON: serialising loses nothing', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(doc)), doc);
  });

  test('every $ref resolves inside the document', () => {
    const all = refs(doc);
    assert.ok(all.length > 50);
    for (const [at, ref] of all) assert.notEqual(resolveRef(doc, ref), undefined, `${at}: ${ref} does not resolve`);
  });

  test('documents every route of the API', () => {
    const want = [
      'post /auth/login', 'post /auth/logout', 'get /auth/me', 'post /search', 'get /messages/{id}', 'get /calls/{callId}',
      'get /calls/{callId}/export', 'post /export', 'get /users', 'post /users', 'patch /users/{username}', 'delete /users/{username}',
      'get /aliases', 'put /aliases', 'delete /aliases/{ip}', 'get /locations', 'get /status', 'get /openapi.json',
    ];
    assert.deepEqual(operations().map(([m, p]) => `${m} ${p}`).sort(), want.sort());
    assert.deepEqual(doc.servers, [{ url: '/api/v1' }]);
  });

  test('every operation has a unique operationId, a success response and its path parameters declared', () => {
    const ids = new Set<string>();
    for (const [m, p, op] of operations()) {
      assert.ok(!ids.has(op.operationId), `${op.operationId} twice`);
      ids.add(op.operationId);
      assert.ok(Object.keys(op.responses).some((c) => c.startsWith('2')), `${m} ${p}: no 2xx response`);
      const declared = [...(doc.paths[p]!.parameters ?? []), ...(op.parameters ?? [])]
        .map((x) => ('$ref' in x ? resolveRef(doc, x.$ref) : x) as { name: string; in: string })
        .filter((x) => x.in === 'path').map((x) => x.name);
      assert.deepEqual(declared.sort(), [...p.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort(), `${m} ${p}`);
    }
  });

  test('login and the document itself are public; everything else needs a session', () => {
    const open = operations().filter(([, , op]) => op.security?.length === 0).map(([, , op]) => op.operationId).sort();
    assert.deepEqual(open, ['login', 'logout', 'openapi']);
    assert.deepEqual(Object.keys(doc.components.securitySchemes ?? {}).sort(), ['bearerAuth', 'cookieAuth']);
    assert.deepEqual(doc.components.securitySchemes?.cookieAuth, { type: 'apiKey', in: 'cookie', name: 'siptrail_session', description: 'set by POST /auth/login; HttpOnly, SameSite=Strict' });
  });

  test('request bodies refuse unknown properties', () => {
    for (const [m, p, op] of operations()) {
      const schema = op.requestBody?.content['application/json']?.schema;
      if (!schema) continue;
      const resolved = (typeof schema.$ref === 'string' ? resolveRef(doc, schema.$ref) : schema) as Record<string, unknown>;
      assert.equal(resolved.additionalProperties, false, `${m} ${p}`);
    }
    assert.equal(doc.components.schemas.SearchFields!.additionalProperties, false);
  });

  test('search fields are exactly the query tier\'s SEARCH_FIELDS plus originatorIp', () => {
    const props = Object.keys(doc.components.schemas.SearchFields!.properties as object);
    assert.deepEqual(props.sort(), [...Object.keys(SEARCH_FIELDS), 'originatorIp'].sort());
  });

  test('every component schema compiles in ajv strict mode (no unknown keywords or formats)', () => {
    const ajv = new Ajv2020({ strict: true, allowUnionTypes: true });
    addFormats(ajv);
    ajv.addVocabulary(['openapi', 'info', 'servers', 'security', 'tags', 'paths', 'components', 'x-message']);
    ajv.addSchema(doc, 'openapi.json');
    for (const name of Object.keys(doc.components.schemas)) {
      assert.doesNotThrow(() => ajv.compile({ $ref: `openapi.json#/components/schemas/${name}` }), name);
    }
  });
});
