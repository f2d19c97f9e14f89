// The query role: the session secret shared through the store, users, the first admin,
// the alias cache, and every API router. Stateless: any number of query nodes answer. It is
// given the read side of the store (src/cli/ builds it) and never constructs a store itself.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Config } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import type { Alias, AliasStore, LocationRegistry, SharedSettings } from '../store/directory.js';
import type { MessageReader } from '../store/types.js';
import type { UserStore } from '../store/users.js';
import { AuthService } from './auth/auth-service.js';
import { sessionSecret } from './auth/session-secret.js';
import { sessionMiddleware } from './auth/middleware.js';
import { authRoutes, userRoutes } from './auth/routes.js';
import { apiRoutes } from './api-routes.js';
import { openapiDocument } from './api/openapi.js';
import { createValidator } from './api/validate.js';
import { jsonBody } from './auth/json-body.js';
import { statusRoutes, type StatusSource } from './status-routes.js';
import { SearchService } from './search-service.js';
import { CallService } from './call-service.js';
import { searchMetrics } from './search-metrics.js';
import type { Registry } from 'prom-client';

/** What the HTTP server needs from the query role. */
export interface QueryRole {
  middleware: Middleware[];
  routers: Router[];
  auth: AuthService;
}

/** What the query role reads and writes: messages (read only), users and the directory (the whole Stores fit). */
export interface QueryStores {
  reader: MessageReader;
  users: UserStore;
  /** Aliases, the session secret, and the locations to list (registering them is capture's). */
  directory: AliasStore & SharedSettings & Pick<LocationRegistry, 'locations'>;
}

/** Aliases are read at most every 10 s (and right after a change on this node). */
function aliasCache(dir: AliasStore): { get: () => Promise<Alias[]>; invalidate: () => void } {
  let cached: { at: number; value: Promise<Alias[]> } | null = null;
  return {
    get: () => {
      if (!cached || Date.now() - cached.at > 10_000) {
        const value = dir.aliases();
        cached = { at: Date.now(), value };
        value.catch(() => (cached = null));
      }
      return cached.value;
    },
    invalidate: () => (cached = null),
  };
}

/**
 * Writes a generated password to `file` (mode 0600) and says where it is; logs are often
 * shipped and kept, so the password goes in the log only when the file cannot be written
 * (else nobody could log in).
 */
function keepPassword(file: string, password: string): string {
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${password}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    return `its generated password is in ${file} (mode 0600; shown nowhere else): log in with it and change it, or set query.adminPassword`;
  } catch (err) {
    return `its generated password could not be written to ${file} (${(err as Error).message}), so here it is once: ${password} (log in and change it, or set query.adminPassword)`;
  }
}

/** Builds the query role over `deps.stores`; `status` answers GET /api/v1/status. */
export async function startQueryRole(cfg: Config, deps: { stores: QueryStores; log: Logger; status: StatusSource; registry?: Registry }): Promise<QueryRole> {
  const { directory: dir, users, reader } = deps.stores;
  const secret = await sessionSecret(dir);
  const auth = new AuthService(users, { secret, tokenTtlSec: cfg.query.sessionHours * 3600 });
  if ((await users.list()).length === 0) {
    // First start: an admin from query.adminPassword, or one with a generated password that
    // is printed once, so a new installation can be logged into without reading docs.
    const password = cfg.query.adminPassword || randomBytes(12).toString('base64url');
    const r = await auth.addUser({ username: cfg.query.adminUser, password, role: 'admin' });
    if (r.ok) {
      if (cfg.query.adminPassword) deps.log.info(`created the first admin "${cfg.query.adminUser}" from query.adminPassword`);
      else deps.log.warn(`created the first admin "${cfg.query.adminUser}"; ${keepPassword(cfg.query.adminPasswordFile, password)}`);
    } else if (r.reason !== 'exists') {
      throw new Error(`query.adminUser/adminPassword: ${r.detail}`);
    }
  }
  const aliases = aliasCache(dir);
  // One validator, compiled once from the OpenAPI document, for every router.
  const validator = createValidator(openapiDocument, { parseBody: jsonBody });
  const limits = { deadlineMs: cfg.query.searchDeadlineMs, maxReads: cfg.query.searchMaxReads, maxRows: cfg.query.searchMaxRows };
  const search = new SearchService(reader, limits, deps.registry ? searchMetrics(deps.registry) : undefined);
  const calls = new CallService(reader, aliases.get, { maxRows: cfg.query.callMaxRows, maxBytes: cfg.query.callMaxMb * 1024 * 1024 });
  return {
    auth,
    middleware: [sessionMiddleware(auth)],
    routers: [authRoutes(auth, validator), userRoutes(auth, validator), apiRoutes(reader, dir, aliases.get, aliases.invalidate, validator, search, calls), statusRoutes(deps.status, validator)],
  };
}
