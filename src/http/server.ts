// The HTTP server of a siptrail process: a Koa app listening on http.listen.
import { createServer, type Server } from 'node:http';
import Koa from 'koa';
import type Router from '@koa/router';
import { parseHostPort } from '../config/parse-value.js';
import type { Logger } from '../log/logger.js';

/** A listening HTTP server and how to close it. */
export interface HttpHandle {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** Builds the Koa app from routers and listens; errors become JSON/text answers, never a crash. */
export async function startHttp(listen: string, routers: Router[], log: Logger, middleware: Koa.Middleware[] = []): Promise<HttpHandle> {
  const app = new Koa();
  app.proxy = false;
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const status = (err as { status?: number }).status ?? 500;
      ctx.status = status;
      ctx.body = { error: status >= 500 ? 'internal error' : (err as Error).message };
      // The metrics middleware sits inside this handler and must see the final status.
      if (status >= 500) log.error(`HTTP ${ctx.method} ${ctx.path} failed: ${(err as Error).name}: ${(err as Error).message}`);
    }
  });
  for (const m of middleware) app.use(m);
  for (const r of routers) app.use(r.routes()).use(r.allowedMethods());
  const hp = parseHostPort(listen);
  if (!hp.ok) throw new Error(`http.listen: ${hp.detail}`);
  // Koa's handler settles its own promise (errors go to ctx.onerror): nothing to await here.
  const handle = app.callback();
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(new Error(`http.listen ${listen}: ${err.code === 'EADDRINUSE' ? 'address already in use' : err.message}`)));
    server.listen(hp.value.port ?? 8080, hp.value.host, resolve);
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    server,
    port,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
