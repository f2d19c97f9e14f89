// Routes every role serves without login: /health (200 "ok" only while Cassandra
// answers) and /metrics (Prometheus text).
import Router from '@koa/router';
import type { Registry } from 'prom-client';
import type { HealthCheck } from '../store/health.js';

/** Router with /health and /metrics. */
export function opsRouter(health: HealthCheck, registry: Registry): Router {
  const router = new Router();
  router.get('/health', async (ctx) => {
    const h = await health();
    ctx.type = 'text/plain';
    ctx.set('Cache-Control', 'no-store');
    if (h.ok) {
      ctx.body = 'ok\n';
    } else {
      ctx.status = 503;
      ctx.body = `unavailable: ${h.reason}\n`;
    }
  });
  router.get('/metrics', async (ctx) => {
    ctx.type = registry.contentType;
    ctx.body = await registry.metrics();
  });
  return router;
}
