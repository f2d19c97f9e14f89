// Request validation built from the OpenAPI document: at start-up every operation's body,
// query-string and path-parameter schemas are compiled once with ajv (2020-12 dialect, the
// one OpenAPI 3.1 uses), by JSON Pointer into the document, so there is no second copy of
// the rules. A bad request is answered 400 {error: "<where>.<field>: <message>"}.
//
// Mounting: each route gets its own validator middleware, `route(router, v, 'post',
// '/search', handler)`, rather than one router-wide middleware that looks up
// `ctx._matchedRoute`: @koa/router overwrites _matchedRoute with the path of every layer it
// runs (a router.use() layer included), so a shared middleware sees its own path
// (`/api/v1(?:\/|$)`) and empty ctx.params, not the route's. Per-route wrapping also fails at start-up when a route is not documented.
// Bodies: pass the JSON body parser as `parseBody` and it runs just before validation of
// the operations that take a body; validated values land in ctx.state.valid.
import type { Middleware } from 'koa';
import type { Router, RouterMiddleware } from '@koa/router';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { fail, ok, type Result } from '../../util/result.js';
import { HTTP_METHODS, openapiDocument, type HttpMethod, type OpenApiDocument, type Parameter, type Reference } from './openapi.js';
import { escapeToken, resolveRef, unescapeToken } from './pointer.js';

type KoaContext = Parameters<Middleware>[0];
type KoaNext = Parameters<Middleware>[1];

/**
 * A path template's parameter, `{name}`. The name excludes `{` as well as `}`, so a run of
 * unclosed braces fails fast at each offset (linear) instead of rescanning to the end from
 * every `{` (quadratic); OpenAPI names never hold a brace.
 */
const TEMPLATE_PARAM = /\{([^{}]+)\}/g;

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object's type.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const DOC_ID = 'openapi.json';
/** Top-level document keys, declared so ajv's strict mode accepts the document as a schema resource. */
const DOC_KEYWORDS = ['openapi', 'info', 'servers', 'security', 'tags', 'paths', 'components', 'webhooks', 'externalDocs', 'jsonSchemaDialect', 'x-message'];

/** Where in the request a value came from, as error messages name it. */
export type RequestPart = 'body' | 'query' | 'path';

/** A request's validated parts: query and path values coerced to their schema types, defaults filled in. */
export interface ValidRequest {
  body: unknown;
  query: Record<string, unknown>;
  params: Record<string, unknown>;
}

/** The parts of a request to check. */
export interface RequestParts {
  body?: unknown;
  query?: Record<string, unknown>;
  params?: Record<string, unknown>;
}

/** Checks requests against the document's operations. */
export interface RequestValidator {
  /** Validates one request of a documented operation; the error names the field. */
  check(method: HttpMethod, path: string, req: RequestParts): Result<ValidRequest, 'bad-request'>;
  /** Koa middleware for one operation: 400 on a bad request, else ctx.state.valid = ValidRequest. Throws for an undocumented operation. */
  middleware(method: HttpMethod, path: string): Middleware;
}

interface Compiled {
  body: ValidateFunction | null;
  bodyRequired: boolean;
  query: ValidateFunction;
  path: ValidateFunction;
}

const pointer = (...tokens: string[]): string => `#/${tokens.map((t) => encodeURIComponent(escapeToken(t))).join('/')}`;

function newAjv(doc: OpenApiDocument, coerce: boolean): Ajv2020 {
  // verbose: errors carry their parentSchema, whose x-message replaces ajv's wording.
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: false, verbose: true, coerceTypes: coerce, useDefaults: coerce });
  addFormats(ajv);
  ajv.addVocabulary(DOC_KEYWORDS);
  ajv.addSchema(doc, DOC_ID);
  return ajv;
}

/** The parameters of one operation, path-level ones first, each with the pointer to its schema. */
function parametersOf(doc: OpenApiDocument, path: string, method: HttpMethod): Array<{ p: Parameter; schemaRef: string }> {
  const out = new Map<string, { p: Parameter; schemaRef: string }>();
  const add = (list: Array<Parameter | Reference> | undefined, base: string[]) => {
    (list ?? []).forEach((entry, i) => {
      const at = '$ref' in entry ? entry.$ref : pointer(...base, 'parameters', String(i));
      const p = resolveRef(doc, at) as Parameter | undefined;
      if (!p) throw new Error(`openapi: ${method.toUpperCase()} ${path}: unresolved parameter ${at}`);
      out.set(`${p.in}:${p.name}`, { p, schemaRef: `${DOC_ID}${at}/schema` });
    });
  };
  add(doc.paths[path]?.parameters, ['paths', path]);
  add(doc.paths[path]?.[method]?.parameters, ['paths', path, method]);
  return [...out.values()];
}

function objectSchema(params: Array<{ p: Parameter; schemaRef: string }>): object {
  return {
    type: 'object',
    // ajv fills in defaults only from a property's own schema, not through its $ref.
    properties: Object.fromEntries(params.map(({ p, schemaRef }) => [p.name, p.schema.default === undefined ? { $ref: schemaRef } : { $ref: schemaRef, default: p.schema.default }])),
    required: params.filter(({ p }) => p.required).map(({ p }) => p.name),
    additionalProperties: false,
  };
}

/** `path: ajv error` as one line naming the field. */
function describeErrors(part: RequestPart, errors: readonly ErrorObject[]): string {
  // ajv reports a composite keyword (anyOf, propertyNames) after the failures of its parts.
  const e = errors.at(-1);
  if (!e) return `${part}: is invalid`;
  const where = [part, ...e.instancePath.split('/').slice(1).map(unescapeToken)];
  const custom = (s: unknown): string | undefined => {
    const m = (s as Record<string, unknown> | undefined)?.['x-message'];
    return typeof m === 'string' ? m : undefined;
  };
  let message = custom(e.parentSchema) ?? e.message ?? 'is invalid';
  if (e.keyword === 'additionalProperties') {
    where.push(String(e.params.additionalProperty));
    message = part === 'body' ? 'unknown field' : 'unknown parameter';
  } else if (e.keyword === 'required') {
    where.push(String(e.params.missingProperty));
    message = 'is required';
  } else if (e.keyword === 'propertyNames') {
    where.push(String(e.params.propertyName));
    const inner = errors[errors.length - 2];
    message = custom(inner?.parentSchema) ?? inner?.message ?? message;
  } else if (e.keyword === 'enum') {
    message = `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  } else if (e.keyword === 'anyOf' && !custom(e.parentSchema)) {
    message = errors.slice(0, -1).filter((x) => x.instancePath === e.instancePath).map((x) => x.message).join(' or ') || message;
  }
  return `${where.join('.')}: ${message}`;
}

/** How the middleware gets at request bodies. */
export interface ValidatorOptions {
  /**
   * Body parser run before validating an operation that has a request body (e.g. the JSON
   * parser of auth/json-body.ts); absent: an earlier middleware must have set ctx.request.body.
   */
  parseBody?: Middleware;
}

/** Compiles every operation of `doc`; throws when the document is inconsistent (a start-up error). */
export function createValidator(doc: OpenApiDocument = openapiDocument, opts: ValidatorOptions = {}): RequestValidator {
  const plain = newAjv(doc, false);
  const coercing = newAjv(doc, true);
  const ops = new Map<string, Compiled>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const params = parametersOf(doc, path, method);
      const inPath = params.filter(({ p }) => p.in === 'path');
      const named = Array.from(path.matchAll(TEMPLATE_PARAM), (m) => m[1] ?? '');
      const undeclared = named.filter((n) => !inPath.some(({ p }) => p.name === n));
      if (undeclared.length > 0) throw new Error(`openapi: ${method.toUpperCase()} ${path}: path parameter ${undeclared.join(', ')} is not declared`);
      const json = op.requestBody?.content['application/json'];
      ops.set(`${method} ${path}`, {
        body: json ? plain.compile({ $ref: `${DOC_ID}${pointer('paths', path, method, 'requestBody', 'content', 'application/json', 'schema')}` }) : null,
        bodyRequired: op.requestBody?.required === true,
        query: coercing.compile(objectSchema(params.filter(({ p }) => p.in === 'query'))),
        path: coercing.compile(objectSchema(inPath)),
      });
    }
  }

  const check = (method: HttpMethod, path: string, req: RequestParts): Result<ValidRequest, 'bad-request'> => {
    const c = ops.get(`${method} ${path}`);
    if (!c) return fail('bad-request', `${method.toUpperCase()} ${path} is not a documented operation`);
    // Copies: coercion and defaults write into the object they validate.
    const params = { ...req.params };
    if (!c.path(params)) return fail('bad-request', describeErrors('path', c.path.errors ?? []));
    const query = { ...req.query };
    if (!c.query(query)) return fail('bad-request', describeErrors('query', c.query.errors ?? []));
    if (c.body) {
      if (req.body === undefined) {
        if (c.bodyRequired) return fail('bad-request', 'body: is required (JSON, Content-Type: application/json)');
      } else if (!c.body(req.body)) {
        return fail('bad-request', describeErrors('body', c.body.errors ?? []));
      }
    }
    return ok({ body: req.body, query, params });
  };

  return {
    check,
    middleware(method, path) {
      const c = ops.get(`${method} ${path}`);
      if (!c) throw new Error(`openapi: ${method.toUpperCase()} ${path} is not in the document`);
      const validate = async (ctx: KoaContext, next: KoaNext): Promise<void> => {
        const r = check(method, path, {
          body: (ctx.request as { body?: unknown }).body,
          query: ctx.query,
          params: (ctx as { params?: Record<string, unknown> }).params,
        });
        if (!r.ok) {
          ctx.status = 400;
          ctx.body = { error: r.detail };
          return;
        }
        (ctx.state as { valid?: ValidRequest }).valid = r.value;
        await next();
      };
      const parse = opts.parseBody;
      if (!c.body || !parse) return validate;
      return async (ctx, next) => {
        await parse(ctx, () => validate(ctx, next));
      };
    },
  };
}

/** The validated request a validator middleware left on ctx.state (undefined before it ran). */
export function validRequest(ctx: { state: unknown }): ValidRequest | undefined {
  return (ctx.state as { valid?: ValidRequest }).valid;
}

/** The @koa/router form of an OpenAPI path: `/users/{username}` -> `/users/:username`. */
export function koaPath(path: string): string {
  return path.replace(TEMPLATE_PARAM, ':$1');
}

/** Registers a documented operation on a router, with its validator in front of the handlers. */
export function route(router: Router, validator: RequestValidator, method: HttpMethod, path: string, ...handlers: RouterMiddleware[]): void {
  router.register(koaPath(path), [method.toUpperCase()], [validator.middleware(method, path), ...handlers]);
}

/** The validated request of a route registered with route(); throws when no validator ran (a wiring bug). */
export function requiredValid(ctx: { state: unknown }): ValidRequest {
  const valid = validRequest(ctx);
  if (!valid) throw new Error('no validated request on ctx.state: register the route with route()');
  return valid;
}
