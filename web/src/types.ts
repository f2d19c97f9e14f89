// The API's JSON shapes as the UI reads them: the server's own definitions
// (src/query/api/wire-types.ts, type-only and free of Node types), so the two sides cannot
// drift. Microseconds travel as decimal strings.

export type {
  Alias,
  ApiUser as User,
  CallFlow,
  ExportFormat,
  FlowHost,
  FlowMessage,
  LoginResponse,
  MessageDetail,
  MessageSummary,
  Role,
  SearchRequest,
  SearchResponse,
  SearchStop,
  SeenAt,
  SessionInfo,
  SystemStatus,
} from '../../src/query/api/wire-types.js';
