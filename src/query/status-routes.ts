// GET /api/v1/status: what the web UI polls to show the storage banner. Behind login like
// the rest of /api/v1; the answer comes from the process's composition root (run.ts),
// which knows the storage monitor, the capture backlog and the supervisor.
import Router from '@koa/router';
import { requireUser } from './auth/middleware.js';
import { route, type RequestValidator } from './api/validate.js';
import type { SystemStatus } from './status-body.js';

/** Builds the current status of this process. */
export type StatusSource = () => SystemStatus | Promise<SystemStatus>;

/** The /api/v1/status route. */
export function statusRoutes(status: StatusSource, v: RequestValidator): Router {
  const router = new Router({ prefix: '/api/v1' });
  route(router, v, 'get', '/status', requireUser, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await status();
  });
  return router;
}
