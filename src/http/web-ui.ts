// Serves the built web UI (web/dist, made by `npm run build`) from the query tier. It
// answers only what no route answered: GET/HEAD outside /api/. A file of the bundle is sent
// as it is; any other path is a client-side route and gets index.html. Hashed files under
// /assets/ never change, so browsers may keep them for a year; index.html is revalidated.
// HTML carries a strict Content-Security-Policy: scripts, styles and connections only from
// this origin and no inline script or style, so SIP text that slipped into the page as
// markup still could not run.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Context, Middleware } from 'koa';

/** The Content-Security-Policy of every HTML answer. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "font-src 'self'", "connect-src 'self'",
  "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = 'The siptrail web UI has not been built, so there is nothing to show here yet.\n\n'
  + 'Build it with `npm run build` (it writes web/dist/), then reload this page.\n'
  + 'The API is served at /api/v1 (see /api/v1/openapi.json); /health and /metrics answer as usual.\n';

/** web/dist of this checkout, from the source tree (src/http) or the build (dist/src/http). */
export function defaultWebDir(): string {
  const fromSource = resolve(import.meta.dirname, '..', '..');
  const fromBuild = resolve(import.meta.dirname, '..', '..', '..');
  const root = [fromSource, fromBuild].find((c) => existsSync(join(c, 'web', 'index.html'))) ?? fromSource;
  return join(root, 'web', 'dist');
}

/** A regular file under `dir` for a URL path, or null (outside dir, dotfile, missing, a folder). */
async function fileFor(dir: string, urlPath: string): Promise<{ path: string; size: number; mtime: Date } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((seg) => seg.startsWith('.'))) return null;
  const path = resolve(dir, `.${decoded}`);
  if (!path.startsWith(dir + sep)) return null;
  try {
    const s = await stat(path);
    return s.isFile() ? { path, size: s.size, mtime: s.mtime } : null;
  } catch {
    return null;
  }
}

// The bundle is a few small files: read whole, they are sent without a stream that a client
// hanging up early would turn into a logged "premature close".
async function send(ctx: Context, file: { path: string; size: number; mtime: Date }, cache: string): Promise<void> {
  const type = TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream';
  const body = ctx.method === 'HEAD' ? Buffer.alloc(0) : await readFile(file.path);
  ctx.status = 200;
  ctx.type = type;
  ctx.body = body;
  // HEAD: Koa sends the headers only, Content-Length included.
  ctx.length = ctx.method === 'HEAD' ? file.size : body.length;
  ctx.lastModified = file.mtime;
  ctx.set('Cache-Control', cache);
  ctx.set('X-Content-Type-Options', 'nosniff');
  if (type.startsWith('text/html')) {
    ctx.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'same-origin');
  }
}

/** Koa middleware serving the UI bundle in `dir` for requests no router answered. */
export function webUi(dir: string = defaultWebDir()): Middleware {
  const root = resolve(dir);
  return async (ctx, next) => {
    await next();
    if (ctx.body != null || ctx.status !== 404 || (ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.path === '/api' || ctx.path.startsWith('/api/')) return;
    const file = ctx.path === '/' ? null : await fileFor(root, ctx.path);
    if (file) {
      await send(ctx, file, ctx.path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      return;
    }
    // A missing bundle file is a 404; every other path is a route of the single-page app.
    if (ctx.path.startsWith('/assets/')) return;
    const index = await fileFor(root, '/index.html');
    if (index) {
      await send(ctx, index, 'no-cache');
      return;
    }
    ctx.status = 503;
    ctx.type = 'text/plain; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = NOT_BUILT;
  };
}
