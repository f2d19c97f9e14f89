// A real query node (API over HTTP on an ephemeral port) for integration tests, and a
// small client that logs in and calls it.
import type cassandra from 'cassandra-driver';
import { Registry } from 'prom-client';
import type { Config } from '../../src/config/types.js';
import { startQueryRole } from '../../src/query/role.js';
import { startHttp, type HttpHandle } from '../../src/http/server.js';
import { opsRouter } from '../../src/http/ops-routes.js';
import { httpMetrics } from '../../src/http/metrics-middleware.js';
import { cassandraStores } from '../../src/store/cassandra/stores.js';
import { StorageMonitor } from '../../src/http/storage-monitor.js';
import { healthCheck, systemStatus } from '../../src/http/system-status.js';
import { createLogger, silentLogger } from '../../src/log/logger.js';

/** The admin password test query nodes create their first admin with. */
export const ADMIN_PASSWORD = 'admin-pass-123';

/** Starts the query role + HTTP on 127.0.0.1:0; returns its base URL. */
export async function startTestQuery(cfg: Config, client: cassandra.Client): Promise<{ http: HttpHandle; base: string }> {
  cfg.query = { ...cfg.query, adminUser: 'admin', adminPassword: ADMIN_PASSWORD };
  const registry = new Registry();
  // The monitor checks when /health asks (no timer to stop): the parts run.ts puts together.
  const stores = cassandraStores(client, cfg.cassandra);
  const parts = { storage: new StorageMonitor(stores.health, silentLogger()) };
  const q = await startQueryRole(cfg, { stores, log: silentLogger(), status: () => systemStatus(parts), registry });
  // Errors (a 500's cause) go to stderr, so a failing test shows why.
  const http = await startHttp('127.0.0.1:0', [opsRouter(healthCheck(parts), registry), ...q.routers], createLogger({ level: 'error', format: 'pretty' }), [httpMetrics(registry), ...q.middleware]);
  return { http, base: `http://127.0.0.1:${http.port}` };
}

/** Calls the API as a script would (bearer token) and returns status and parsed body. */
export class ApiClient {
  token = '';
  constructor(readonly base: string) {}

  async login(username: string, password: string): Promise<Response> {
    const res = await fetch(`${this.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (res.ok) this.token = ((await res.clone().json()) as { token: string }).token;
    return res;
  }

  /** `T` is the body the test expects on success (an API wire type); it is not checked. */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a cast by design: the tests assert the status, then read the body as the API documents it
  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; res: Response }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const type = res.headers.get('content-type') ?? '';
    const parsed: unknown = type.includes('json') ? await res.clone().json().catch(() => null) : null;
    return { status: res.status, body: parsed as T, res };
  }
}
