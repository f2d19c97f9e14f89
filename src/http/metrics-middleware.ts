// Request counts and latencies per route, and Cassandra errors seen by HTTP handlers.
import type { Middleware } from 'koa';
import { Counter, Histogram, type Registry } from 'prom-client';

const DRIVER_ERRORS = new Set(['NoHostAvailableError', 'ResponseError', 'OperationTimedOutError', 'BusyConnectionError', 'DriverInternalError']);

/** Koa middleware recording siptrail_http_* and siptrail_cassandra_errors_total. */
export function httpMetrics(registry: Registry): Middleware {
  const requests = new Counter({ name: 'siptrail_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const seconds = new Histogram({ name: 'siptrail_http_request_seconds', help: 'HTTP request latency by route', labelNames: ['route'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10], registers: [registry] });
  const cassandraErrors = new Counter({ name: 'siptrail_cassandra_errors_total', help: 'Cassandra errors met while answering HTTP requests', registers: [registry] });
  return async (ctx, next) => {
    const end = seconds.startTimer();
    try {
      await next();
    } catch (err) {
      if (DRIVER_ERRORS.has((err as Error).name)) cassandraErrors.inc();
      throw err;
    } finally {
      // The matched route pattern (not the path) keeps label values bounded.
      const route = (ctx as unknown as { _matchedRoute?: string })._matchedRoute ?? (ctx.status === 404 ? 'unmatched' : ctx.path.startsWith('/api/') ? 'api' : 'static');
      end({ route });
      requests.inc({ method: ctx.method, route, status: String(ctx.status) });
    }
  };
}
