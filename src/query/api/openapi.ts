// The OpenAPI 3.1 description of siptrail's HTTP API, served at GET /api/v1/openapi.json.
// It is the single source of the request rules: validate.ts compiles its schemas into the
// request validation, so what the document says is what the server enforces.
import { componentSchemas, type JsonSchema } from './schemas.js';

/** HTTP methods an operation may use. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** Every HttpMethod, in document order. */
export const HTTP_METHODS: readonly HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

/** A parameter in the query string or the path. */
export interface Parameter { name: string; in: 'query' | 'path' | 'header' | 'cookie'; required?: boolean; description?: string; schema: JsonSchema }
/** A reference to a reusable component. */
export interface Reference { $ref: string }
/** One operation (method + path). */
export interface Operation {
  operationId: string;
  summary: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: Array<Parameter | Reference>;
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, Reference | { description: string; content?: Record<string, { schema: JsonSchema }>; headers?: Record<string, unknown> }>;
}
/** One path and its operations. */
export type PathItem = Partial<Record<HttpMethod, Operation>> & { parameters?: Array<Parameter | Reference> };
/** The parts of an OpenAPI 3.1 document siptrail uses. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers?: Array<{ url: string }>;
  security?: Array<Record<string, string[]>>;
  tags?: Array<{ name: string; description?: string }>;
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, JsonSchema>; parameters?: Record<string, Parameter>; responses?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
}

const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const schemaRef = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const body = (name: string) => ({ required: true, content: json(schemaRef(name)) });
const answer = (description: string, schema: JsonSchema) => ({ description, content: json(schema) });
const resp = (name: string): Reference => ({ $ref: `#/components/responses/${name}` });
const param = (name: string): Reference => ({ $ref: `#/components/parameters/${name}` });
const path = (name: string, schema: string, description: string): Parameter => ({ name, in: 'path', required: true, description, schema: schemaRef(schema) });
const errors = (...codes: Array<'BadRequest' | 'Unauthorized' | 'Forbidden' | 'NotFound'>) =>
  Object.fromEntries(codes.map((c) => [{ BadRequest: '400', Unauthorized: '401', Forbidden: '403', NotFound: '404' }[c], resp(c)]));
const noContent = { description: 'done' };
const PUBLIC: Array<Record<string, string[]>> = [];

const exportContent = {
  'application/vnd.tcpdump.pcap': { schema: { type: 'string', contentMediaType: 'application/vnd.tcpdump.pcap' } },
  'text/plain': { schema: { type: 'string' } },
  'application/json': { schema: { type: 'object' } },
};

/** The document, as served. */
export const openapiDocument: OpenApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'siptrail',
    version: '1',
    description: 'Search captured SIP messages, read call flows, export pcap or text, manage users and host aliases. '
      + 'Log in with POST /auth/login; send the token as `Authorization: Bearer <token>` or let the browser send the siptrail_session cookie. '
      + 'Unsafe requests that authenticate by cookie must also send `X-Requested-With: siptrail` (or a same-origin Origin). '
      + 'Errors are JSON `{"error": "..."}`; a 400 names the bad field, e.g. `body.limit: must be <= 10000`.',
  },
  servers: [{ url: '/api/v1' }],
  security: [{ cookieAuth: [] }, { bearerAuth: [] }],
  tags: [{ name: 'auth' }, { name: 'search' }, { name: 'calls' }, { name: 'admin' }, { name: 'meta' }],
  paths: {
    '/auth/login': { post: { operationId: 'login', summary: 'Log in: returns a token and sets the siptrail_session cookie', tags: ['auth'], security: PUBLIC, requestBody: body('LoginRequest'), responses: { 200: { ...answer('logged in', schemaRef('LoginResponse')), headers: { 'Set-Cookie': { description: 'siptrail_session=<token>; HttpOnly; SameSite=Strict', schema: { type: 'string' } } } }, ...errors('BadRequest', 'Unauthorized'), 429: resp('TooManyRequests') } } },
    '/auth/logout': { post: { operationId: 'logout', summary: 'Log out: clears the session cookie', tags: ['auth'], security: PUBLIC, responses: { 204: noContent } } },
    '/auth/me': { get: { operationId: 'me', summary: 'The logged-in user', tags: ['auth'], responses: { 200: answer('the session user', { type: 'object', required: ['username', 'role'], properties: { username: schemaRef('Username'), role: schemaRef('Role') } }), ...errors('Unauthorized') } } },
    '/search': { post: { operationId: 'search', summary: 'Search messages, newest first', tags: ['search'], requestBody: body('SearchRequest'), responses: { 200: answer('a page of messages', schemaRef('SearchResponse')), ...errors('BadRequest', 'Unauthorized') } } },
    '/messages/{id}': {
      parameters: [path('id', 'MessageId', 'message id from a search or call flow')],
      get: { operationId: 'getMessage', summary: 'One message with every parsed field and the raw text', tags: ['search'], responses: { 200: answer('the message', schemaRef('MessageDetail')), ...errors('BadRequest', 'Unauthorized', 'NotFound') } },
    },
    '/calls/{callId}': {
      parameters: [path('callId', 'CallId', 'the Call-ID')],
      get: { operationId: 'getCall', summary: 'The call flow of a Call-ID (with its B2B legs)', tags: ['calls'], parameters: [param('at'), param('legs'), param('unique')], responses: { 200: answer('the call flow', schemaRef('CallFlow')), ...errors('BadRequest', 'Unauthorized', 'NotFound') } },
    },
    '/calls/{callId}/export': {
      parameters: [path('callId', 'CallId', 'the Call-ID')],
      get: { operationId: 'exportCall', summary: 'A call as pcap, text or JSON', tags: ['calls'], parameters: [{ name: 'format', in: 'query', required: true, schema: schemaRef('ExportFormat') }, param('at'), param('legs')], responses: { 200: { description: 'the export, as a download', content: exportContent }, ...errors('BadRequest', 'Unauthorized', 'NotFound') } },
    },
    '/export': { post: { operationId: 'exportSearch', summary: 'The messages of a search as pcap, text or JSON', tags: ['search'], requestBody: body('ExportRequest'), responses: { 200: { description: 'the export, as a download', content: exportContent }, ...errors('BadRequest', 'Unauthorized') } } },
    '/users': {
      get: { operationId: 'listUsers', summary: 'Every user (admin)', tags: ['admin'], responses: { 200: answer('users', { type: 'array', items: schemaRef('User') }), ...errors('Unauthorized', 'Forbidden') } },
      post: { operationId: 'addUser', summary: 'Create a user (admin)', tags: ['admin'], requestBody: body('NewUser'), responses: { 201: answer('created', schemaRef('User')), ...errors('BadRequest', 'Unauthorized', 'Forbidden'), 409: resp('Conflict') } },
    },
    '/users/{username}': {
      parameters: [path('username', 'Username', 'the user')],
      patch: { operationId: 'updateUser', summary: 'Change role, password or disabled (admin)', tags: ['admin'], requestBody: body('UserPatch'), responses: { 200: answer('updated', schemaRef('User')), ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound'), 409: resp('Conflict') } },
      delete: { operationId: 'deleteUser', summary: 'Delete a user (admin)', tags: ['admin'], responses: { 204: noContent, ...errors('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound'), 409: resp('Conflict') } },
    },
    '/aliases': {
      get: { operationId: 'listAliases', summary: 'Every host alias', tags: ['admin'], responses: { 200: answer('aliases', { type: 'array', items: schemaRef('Alias') }), ...errors('Unauthorized') } },
      put: { operationId: 'putAlias', summary: 'Create or rename a host alias (admin)', tags: ['admin'], requestBody: body('AliasInput'), responses: { 200: answer('stored', schemaRef('Alias')), ...errors('BadRequest', 'Unauthorized', 'Forbidden') } },
    },
    '/aliases/{ip}': {
      parameters: [path('ip', 'Ip', 'the aliased IP address')],
      delete: { operationId: 'deleteAlias', summary: 'Remove a host alias (admin)', tags: ['admin'], parameters: [{ name: 'port', in: 'query', description: 'absent: the any-port alias', schema: schemaRef('Port') }], responses: { 204: noContent, ...errors('BadRequest', 'Unauthorized', 'Forbidden') } },
    },
    '/status': { get: { operationId: 'getStatus', summary: 'Whether storage is up (since when it is down, and why), rows the capture holds meanwhile, and what the supervisor of local Cassandra nodes does', tags: ['meta'], responses: { 200: answer('the state of this siptrail process', schemaRef('SystemStatus')), ...errors('Unauthorized') } } },
    '/locations': { get: { operationId: 'listLocations', summary: 'Capture locations, for the search form', tags: ['search'], responses: { 200: answer('location names, sorted', { type: 'array', items: { type: 'string' } }), ...errors('Unauthorized') } } },
    '/openapi.json': { get: { operationId: 'openapi', summary: 'This document', tags: ['meta'], security: PUBLIC, responses: { 200: answer('OpenAPI 3.1', { type: 'object' }) } } },
  },
  components: {
    schemas: componentSchemas,
    parameters: {
      at: { name: 'at', in: 'query', description: 'a time near the call (default: now), to find its day', schema: schemaRef('Time') },
      legs: { name: 'legs', in: 'query', description: 'include the correlated B2B legs', schema: { type: 'boolean', default: true } },
      unique: { name: 'unique', in: 'query', description: 'fold copies of one message captured at several points', schema: { type: 'boolean', default: true } },
    },
    responses: {
      BadRequest: answer('the request breaks a rule; the message names the field', schemaRef('Error')),
      Unauthorized: answer('no valid session: log in', schemaRef('Error')),
      Forbidden: answer('the admin role is required, or a cookie request lacks X-Requested-With', schemaRef('Error')),
      NotFound: answer('no such thing', schemaRef('Error')),
      Conflict: answer('the change conflicts with the current state (name taken, last admin)', schemaRef('Error')),
      TooManyRequests: answer('too many failed logins: try again later', schemaRef('Error')),
    },
    securitySchemes: {
      cookieAuth: { type: 'apiKey', in: 'cookie', name: 'siptrail_session', description: 'set by POST /auth/login; HttpOnly, SameSite=Strict' },
      bearerAuth: { type: 'http', scheme: 'bearer', description: 'the token returned by POST /auth/login' },
    },
  },
};
