// The answer of GET /api/v1/status, as the server builds it and the web UI reads it. No
// imports and no runtime code, so the browser build can take this one definition (through
// query/api/wire-types.ts); src/query/api/schemas.ts describes the same in JSON Schema.

/** Whether Cassandra answers, as the storage monitor last saw it. */
export interface StorageView {
  up: boolean;
  /** ISO time of the first failed check of this outage; null while up. */
  downSince: string | null;
  /** Why the last check failed; null while up. */
  reason: string | null;
  /** ISO time of the last check; null before the first. */
  checkedAt: string | null;
}

/** Rows the capture role holds that Cassandra has not acknowledged yet. */
export interface CaptureBacklog {
  /** In memory: queued for a batch or waiting to be appended to the spool. */
  queuedRows: number;
  /** On disk in the spool, replayed when Cassandra takes writes again. */
  spooledRows: number;
}

/** What a supervisor is doing about one local Cassandra node. */
export type SupervisedState = 'running' | 'waiting' | 'restarting' | 'stopped' | 'gave-up';

/** One local Cassandra node this process supervises. */
export interface SupervisedNodeView {
  node: number;
  state: SupervisedState;
  pid: number | null;
  /** Restarts made by this process. */
  restarts: number;
  /** Why the node last exited on its own; null if it has not. */
  lastExit: string | null;
  /** Why the supervisor stopped restarting it (crash loop); null otherwise. */
  gaveUp: string | null;
}

/** GET /api/v1/status. */
export interface SystemStatus {
  storage: StorageView;
  /** Null in a process without the capture role. */
  capture: CaptureBacklog | null;
  /** Null unless this process supervises local Cassandra nodes (`siptrail all` in local mode). */
  cassandra: SupervisedNodeView[] | null;
}
