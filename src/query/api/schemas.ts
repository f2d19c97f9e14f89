// JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of the API's bodies and answers. Bounds
// come from the code that enforces them (pattern limits, search limits), so the document
// and the behaviour cannot drift apart. `x-message` is an OpenAPI extension the validator
// shows instead of ajv's wording where that wording would be a regular expression.
import type { MessageRow } from '../../store/types.js';
import type { Alias, ApiUser, MessageDetail, MessageSummary } from './wire-types.js';
import { MAX_PATTERN_LENGTH } from '../pattern.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../search-request.js';
import { SEARCH_FIELDS } from '../types.js';
import type { CaptureBacklog, StorageView, SupervisedNodeView, SystemStatus } from '../status-body.js';

/** A JSON Schema as a plain object. */
export type JsonSchema = { [keyword: string]: unknown };

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const str = (maxLength: number, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', maxLength, ...extra });
const nullable = (type: 'string' | 'integer'): JsonSchema => ({ type: [type, 'null'] });

/** ISO 8601 with a zone, or integer microseconds (search-request.ts parses both). */
const TIME_PATTERN = '^(\\d{1,17}|\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?([Zz]|[+-]\\d{2}:?\\d{2}))$';

const messageSummaryFields = {
  id: ref('MessageId'), ts: ref('Micros'), callId: { type: 'string' }, location: { type: 'string' }, node: { type: 'string' },
  srcIp: { type: 'string' }, srcPort: ref('Port'), dstIp: { type: 'string' }, dstPort: ref('Port'),
  transport: { type: 'string' }, protoType: { type: 'integer' },
  method: nullable('string'), status: nullable('integer'), reasonPhrase: nullable('string'),
  ruriUser: nullable('string'), fromUser: nullable('string'), toUser: nullable('string'),
  fromTag: nullable('string'), toTag: nullable('string'), cseqNum: nullable('integer'), cseqMethod: nullable('string'),
  userAgent: nullable('string'), contentType: nullable('string'),
} satisfies Record<keyof MessageSummary, JsonSchema>;

// `satisfies Record<keyof MessageRow | keyof MessageDetail, ...>`: a new MessageRow field, or a
// field of the wire type, fails to compile until it is documented here.
const messageDetailFields = {
  ...messageSummaryFields,
  captureId: nullable('integer'), ruri: nullable('string'), ruriDomain: nullable('string'), fromDomain: nullable('string'),
  toDomain: nullable('string'), pidUser: nullable('string'), contactUser: nullable('string'), contactIp: nullable('string'),
  contactPort: nullable('integer'), authUser: nullable('string'), via: nullable('string'), viaBranch: nullable('string'),
  diversion: nullable('string'), reason: nullable('string'), maxForwards: nullable('integer'),
  corr: { type: 'array', items: { type: 'string' } },
  extra: { type: 'object', additionalProperties: { type: 'string' } },
  dedupe: { type: 'string', description: 'hex' },
  payload: { type: 'string', description: 'the raw message as UTF-8 text (invalid bytes as U+FFFD); show it as text, never as HTML' },
} satisfies Record<keyof MessageRow | keyof MessageDetail, JsonSchema>;

const isoOrNull: JsonSchema = { type: ['string', 'null'], format: 'date-time' };
const count: JsonSchema = { type: 'integer', minimum: 0 };
// `satisfies Record<keyof ...>`: the answer's TypeScript shape (status-body.ts) and its schema cannot drift apart.
const storageFields = { up: { type: 'boolean' }, downSince: isoOrNull, reason: nullable('string'), checkedAt: isoOrNull } satisfies Record<keyof StorageView, JsonSchema>;
const backlogFields = { queuedRows: count, spooledRows: count } satisfies Record<keyof CaptureBacklog, JsonSchema>;
const supervisedFields = {
  node: { type: 'integer', minimum: 1 },
  state: { type: 'string', enum: ['running', 'waiting', 'restarting', 'stopped', 'gave-up'] },
  pid: nullable('integer'), restarts: count, lastExit: nullable('string'), gaveUp: nullable('string'),
} satisfies Record<keyof SupervisedNodeView, JsonSchema>;
const statusFields = {
  storage: { type: 'object', required: Object.keys(storageFields), properties: storageFields },
  capture: { anyOf: [{ type: 'object', required: Object.keys(backlogFields), properties: backlogFields }, { type: 'null' }], description: 'rows not yet in Cassandra; null without the capture role' },
  cassandra: { anyOf: [{ type: 'array', items: { type: 'object', required: Object.keys(supervisedFields), properties: supervisedFields } }, { type: 'null' }], description: 'local Cassandra nodes this process supervises; null when none' },
} satisfies Record<keyof SystemStatus, JsonSchema>;

// The wire types of api/wire-types.ts, field by field, so neither can gain a field alone.
const userFields = { username: ref('Username'), role: ref('Role'), disabled: { type: 'boolean' }, createdAt: { type: 'string', format: 'date-time' } } satisfies Record<keyof ApiUser, JsonSchema>;
const aliasFields = { ip: ref('Ip'), port: { anyOf: [ref('Port'), { type: 'null' }] }, name: { type: 'string' } } satisfies Record<keyof Alias, JsonSchema>;

/** Every component schema of the document, by name. */
export const componentSchemas: Record<string, JsonSchema> = {
  Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
  Pattern: str(MAX_PATTERN_LENGTH, { description: 'HOMER syntax: `*` or `%` wildcard, leading `!` negates, `;` separates alternatives' }),
  Time: str(40, { pattern: TIME_PATTERN, 'x-message': 'must be ISO 8601 with a zone (2026-11-24T13:39:00+01:00) or integer microseconds', examples: ['2026-11-24T13:39:00+01:00', '1795523940000000'] }),
  Micros: { type: 'string', pattern: '^\\d{1,17}$', description: 'microseconds since the epoch (UTC), decimal: a bigint does not survive JSON' },
  Port: { type: 'integer', minimum: 0, maximum: 65535 },
  Ip: { type: 'string', maxLength: 45, anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }], 'x-message': 'must be an IPv4 or IPv6 address' },
  MessageId: str(2048, { pattern: '^[A-Za-z0-9_-]+$', minLength: 1, 'x-message': 'must be a message id (base64url)', description: 'opaque' }),
  CallId: str(1024, { minLength: 1 }),
  Username: str(64, { pattern: '^[A-Za-z0-9._@-]+$', minLength: 1, 'x-message': 'must be 1-64 letters, digits and . _ @ -' }),
  Role: { type: 'string', enum: ['admin', 'viewer'], description: 'the roles of store/users.ts' },
  Password: str(1024, { minLength: 8 }),
  SearchFields: {
    type: 'object',
    properties: Object.fromEntries([...Object.keys(SEARCH_FIELDS), 'originatorIp'].map((f) => [f, ref('Pattern')])),
    additionalProperties: false,
    description: 'field -> pattern; originatorIp matches srcIp or contactIp',
  },
  ExtraFields: {
    type: 'object',
    maxProperties: 32,
    propertyNames: { pattern: '^[a-z0-9!#$%&\'*+.^_`|~-]{1,64}$', 'x-message': 'must be a lower-case header name' },
    additionalProperties: ref('Pattern'),
    description: 'lower-case extra header name (capture.extraHeaders) -> pattern',
  },
  SearchRequest: {
    type: 'object',
    additionalProperties: false,
    properties: {
      from: ref('Time'),
      to: ref('Time'),
      fields: ref('SearchFields'),
      extra: ref('ExtraFields'),
      op: { type: 'string', enum: ['and', 'or'], default: 'and' },
      locations: { type: 'array', maxItems: 256, items: str(128) },
      limit: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
      unique: { type: 'boolean', default: false },
      withLegs: { type: 'boolean', default: false },
      cursor: str(4096),
      budget: {
        type: 'object', additionalProperties: false,
        description: 'Less work than the node allows (query.searchDeadlineMs, searchMaxReads, searchMaxRows); larger values are cut to those.',
        properties: { deadlineMs: { type: 'integer', minimum: 1 }, maxReads: { type: 'integer', minimum: 1 }, maxRows: { type: 'integer', minimum: 1 } },
      },
    },
  },
  MessageSummary: { type: 'object', required: ['id', 'ts', 'callId', 'location', 'node', 'srcIp', 'srcPort', 'dstIp', 'dstPort', 'transport'], properties: messageSummaryFields },
  SearchResponse: {
    type: 'object', required: ['messages', 'cursor', 'complete', 'stop', 'searched', 'missing', 'reads', 'scanned', 'elapsedMs'],
    properties: {
      messages: { type: 'array', items: ref('MessageSummary') },
      cursor: nullable('string'),
      complete: { type: 'boolean', description: 'the whole range was searched, no read failed, and no page follows' },
      stop: { type: ['string', 'null'], enum: ['limit', 'reads', 'rows', 'deadline', 'cancelled', null], description: 'why the search answered before the end of its range: the page is full (limit), the budget was spent (reads, rows, deadline), or the client left' },
      searched: { type: ['object', 'null'], required: ['from', 'to'], properties: { from: ref('Micros'), to: ref('Micros') }, description: 'the stretch searched, inclusive; every match in it is on this page or behind cursor, except in missing' },
      missing: { type: 'array', items: { type: 'object', required: ['from', 'to', 'reason'], properties: { from: ref('Micros'), to: ref('Micros'), reason: { type: 'string' } } }, description: 'parts of searched whose reads failed: not searched' },
      reads: { type: 'integer', minimum: 0 },
      scanned: { type: 'integer', minimum: 0 },
      elapsedMs: { type: 'integer', minimum: 0 },
    },
  },
  MessageDetail: { type: 'object', required: Object.keys(messageDetailFields), properties: messageDetailFields },
  CallFlow: {
    type: 'object', required: ['callIds', 'hosts', 'messages'],
    description: 'flow/types.ts CallFlow: hosts are the diagram columns, messages the arrows, oldest first',
    properties: {
      callIds: { type: 'array', items: { type: 'string' } },
      hosts: { type: 'array', items: { type: 'object', required: ['key', 'label', 'ip', 'port'], properties: { key: { type: 'string' }, label: { type: 'string' }, ip: { type: 'string' }, port: ref('Port') } } },
      messages: { type: 'array', items: { type: 'object', required: ['id', 'ts', 'srcHost', 'dstHost', 'label'], properties: { id: ref('MessageId'), ts: ref('Micros'), srcHost: { type: 'integer' }, dstHost: { type: 'integer' }, label: { type: 'string' } } } },
      truncated: {
        type: 'object', required: ['callIds', 'maxRows', 'maxBytes'],
        description: 'present when a leg had more messages on a day than one call read brings back (query.callMaxRows, query.callMaxBytes): only its oldest are in the flow',
        properties: { callIds: { type: 'array', items: { type: 'string' } }, maxRows: { type: 'integer' }, maxBytes: { type: 'integer' } },
      },
    },
  },
  LoginRequest: { type: 'object', additionalProperties: false, required: ['username', 'password'], properties: { username: str(64, { minLength: 1 }), password: str(1024, { minLength: 1 }) } },
  LoginResponse: { type: 'object', required: ['username', 'role', 'token'], properties: { username: ref('Username'), role: ref('Role'), token: { type: 'string' } } },
  User: { type: 'object', required: Object.keys(userFields), properties: userFields },
  NewUser: { type: 'object', additionalProperties: false, required: ['username', 'password', 'role'], properties: { username: ref('Username'), password: ref('Password'), role: ref('Role') } },
  UserPatch: { type: 'object', additionalProperties: false, minProperties: 1, properties: { password: ref('Password'), role: ref('Role'), disabled: { type: 'boolean' } } },
  Alias: { type: 'object', required: Object.keys(aliasFields), properties: aliasFields },
  AliasInput: {
    type: 'object', additionalProperties: false, required: ['ip', 'name'],
    properties: { ip: ref('Ip'), port: { ...ref('Port'), description: 'absent: every port of ip' }, name: str(128, { minLength: 1 }) },
  },
  ExportRequest: { type: 'object', additionalProperties: false, required: ['search', 'format'], properties: { search: ref('SearchRequest'), format: ref('ExportFormat') } },
  ExportFormat: { type: 'string', enum: ['pcap', 'text', 'json'] },
  SystemStatus: { type: 'object', required: Object.keys(statusFields), properties: statusFields },
};
