// Koa glue for sessions: find the session (cookie or bearer token), gate routes by role,
// set and clear the cookie, and refuse cross-site writes made with the cookie.
//
// CSRF rule: a request whose session comes from the cookie (no Authorization header) and
// whose method is not GET/HEAD/OPTIONS must carry `X-Requested-With: siptrail` OR an
// `Origin` equal to this server's own origin; otherwise 403. A cross-site page cannot add
// a custom header without a CORS preflight, which siptrail never grants, and browsers send
// Origin on cross-site POSTs. The UI sends the header on every request (robust behind
// proxies that rewrite Host); the Origin alternative keeps same-origin forms working.
// SameSite=Strict already keeps the cookie off cross-site requests in current browsers;
// this is the second lock. Bearer tokens are never sent by a browser on its own, so
// requests using them need neither.
import type { Context, Middleware, Next } from 'koa';
import type { AuthService, SessionUser } from './auth-service.js';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'siptrail_session';
/** Header value the UI sends to prove a request is not a cross-site forgery. */
export const CSRF_HEADER_VALUE = 'siptrail';

/** What sessionMiddleware leaves in ctx.state. */
export interface AuthState { user?: SessionUser; authVia?: 'cookie' | 'bearer'; /** The token the session came with (logout ends it). */ token?: string }

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session of a request, if sessionMiddleware found one. */
export function sessionUser(ctx: Context): SessionUser | undefined {
  return (ctx.state as AuthState).user;
}

function bearer(ctx: Context): string | undefined {
  const m = /^Bearer +(\S+)\s*$/i.exec(ctx.get('Authorization'));
  return m?.[1];
}

/** True when a cookie-carrying unsafe request shows it comes from the siptrail UI. */
export function passesCsrf(ctx: Context): boolean {
  if (SAFE_METHODS.has(ctx.method)) return true;
  if (ctx.get('X-Requested-With') === CSRF_HEADER_VALUE) return true;
  const origin = ctx.get('Origin');
  // Our own origin from protocol and Host (X-Forwarded-* when app.proxy). Not ctx.origin:
  // in Koa 3 that is the request's Origin header, which would make this check always pass.
  return origin !== '' && origin === `${ctx.protocol}://${ctx.host}`;
}

/** Reads the bearer token, else the cookie; sets ctx.state.user; mount once, before every router. */
export function sessionMiddleware(auth: AuthService): Middleware {
  return async (ctx: Context, next: Next) => {
    const state = ctx.state as AuthState;
    const header = bearer(ctx);
    // signed:false: the token carries its own signature; app.keys must not change that.
    const cookie = header === undefined ? ctx.cookies.get(SESSION_COOKIE, { signed: false }) : undefined;
    if (cookie !== undefined && cookie !== '' && !passesCsrf(ctx)) {
      ctx.status = 403;
      ctx.body = { error: `cross-site request refused: send the header X-Requested-With: ${CSRF_HEADER_VALUE}` };
      return;
    }
    const token = header ?? cookie;
    const user = token ? await auth.authenticate(token) : null;
    if (user) {
      state.user = user;
      state.authVia = header !== undefined ? 'bearer' : 'cookie';
      state.token = token;
    }
    await next();
  };
}

/** The token of the request's session (bearer or cookie), when it has one. */
export function sessionToken(ctx: Context): string | undefined {
  return (ctx.state as AuthState).token;
}

/** 401 unless a session was found. */
export const requireUser: Middleware = async (ctx, next) => {
  if (!sessionUser(ctx)) {
    ctx.status = 401;
    ctx.set('WWW-Authenticate', 'Bearer realm="siptrail"');
    ctx.body = { error: 'login required' };
    return;
  }
  await next();
};

/** 401 without a session, 403 for a non-admin. */
export const requireAdmin: Middleware = async (ctx, next) => {
  const user = sessionUser(ctx);
  if (!user) {
    await requireUser(ctx, next);
    return;
  }
  if (user.role !== 'admin') {
    ctx.status = 403;
    ctx.body = { error: 'admin role required' };
    return;
  }
  await next();
};

// Written by hand rather than through ctx.cookies: the `cookies` package sends Expires but
// not Max-Age. The token is base64url plus '.', so it needs no quoting.
function cookieHeader(ctx: Context, value: string, maxAgeSec: number): string {
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAgeSec}; HttpOnly; SameSite=Strict${ctx.secure || ctx.state.forwardedHttps === true ? '; Secure' : ''}`;
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Path=/, Secure on HTTPS (own, or a trusted proxy's: ctx.state.forwardedHttps, set by http/forwarded.ts), Max-Age = ttl. */
export function setSessionCookie(ctx: Context, token: string, ttlSec: number): void {
  ctx.append('Set-Cookie', cookieHeader(ctx, token, ttlSec));
}

/** Tells the browser to drop the session cookie. */
export function clearSessionCookie(ctx: Context): void {
  ctx.append('Set-Cookie', cookieHeader(ctx, '', 0));
}
