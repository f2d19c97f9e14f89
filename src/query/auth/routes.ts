// HTTP routes for login/logout/me and user administration. Mount sessionMiddleware(auth)
// on the app before these routers. Answers are JSON; refusals are { error }.
import Router from '@koa/router';
import type { Context } from 'koa';
import type { ApiUser, LoginResponse, SessionInfo } from '../api/wire-types.js';
import type { AdminReason, AuthService, PublicUser } from './auth-service.js';
import { bodyObject, jsonBody } from './json-body.js';
import { clearSessionCookie, requireAdmin, requireUser, sessionToken, sessionUser, setSessionCookie } from './middleware.js';
import { openapiDocument } from '../api/openapi.js';
import { createValidator, route, type RequestValidator } from '../api/validate.js';

/** The OpenAPI validator these routes go through unless the caller shares its own. */
function defaultValidator(): RequestValidator {
  return createValidator(openapiDocument, { parseBody: jsonBody });
}

const STATUS: Record<AdminReason, number> = { invalid: 400, 'not-found': 404, exists: 409, 'last-admin': 409 };

function refuse(ctx: Context, status: number, error: string): void {
  ctx.status = status;
  ctx.body = { error };
}

/** A user in the wire form the UI reads (the same JSON Koa would write for the Date). */
function apiUser(u: PublicUser): ApiUser {
  return { username: u.username, role: u.role, disabled: u.disabled, createdAt: u.createdAt.toISOString() };
}

/** POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/auth/me. */
export function authRoutes(auth: AuthService, v: RequestValidator = defaultValidator()): Router {
  const router = new Router({ prefix: '/api/v1' });
  route(router, v, 'post', '/auth/login', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const body = bodyObject(ctx.request.body);
    if (!body) {
      refuse(ctx, 400, 'request body must be a JSON object with username and password');
      return;
    }
    for (const field of ['username', 'password'] as const) {
      if (typeof body[field] !== 'string' || body[field] === '') {
        refuse(ctx, 400, `${field} is required and must be a string`);
        return;
      }
    }
    const r = await auth.login(body.username as string, body.password as string, ctx.ip);
    if (r.ok) {
      setSessionCookie(ctx, r.value.token, auth.tokenTtlSec);
      ctx.body = { username: r.value.username, role: r.value.role, token: r.value.token } satisfies LoginResponse;
    } else if (r.reason === 'rate-limited') {
      ctx.set('Retry-After', String(r.retryAfterSec));
      refuse(ctx, 429, 'too many failed logins; try again later');
    } else {
      // One message for a wrong password, an unknown user and a disabled user alike.
      refuse(ctx, 401, 'invalid username or password');
    }
  });
  // Ends the session on every node (its id is recorded until the token would expire) and drops the cookie.
  route(router, v, 'post', '/auth/logout', async (ctx) => {
    const token = sessionToken(ctx);
    if (token) await auth.logout(token);
    clearSessionCookie(ctx);
    ctx.status = 204;
  });
  route(router, v, 'get', '/auth/me', requireUser, (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const user = sessionUser(ctx);
    if (!user) {
      refuse(ctx, 401, 'login required');
      return;
    }
    ctx.body = { username: user.username, role: user.role } satisfies SessionInfo;
  });
  return router;
}

/** GET/POST /api/v1/users, PATCH/DELETE /api/v1/users/:username; admins only. */
export function userRoutes(auth: AuthService, v: RequestValidator = defaultValidator()): Router {
  const router = new Router({ prefix: '/api/v1' });
  route(router, v, 'get', '/users', requireAdmin, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = (await auth.listUsers()).map(apiUser);
  });
  route(router, v, 'post', '/users', requireAdmin, async (ctx) => {
    const body = bodyObject(ctx.request.body);
    if (!body) {
      refuse(ctx, 400, 'request body must be a JSON object with username, password and role');
      return;
    }
    const r = await auth.addUser({ username: body.username, password: body.password, role: body.role });
    if (!r.ok) {
      refuse(ctx, STATUS[r.reason], r.detail);
      return;
    }
    ctx.status = 201;
    ctx.body = apiUser(r.value);
  });
  route(router, v, 'patch', '/users/{username}', requireAdmin, async (ctx) => {
    const body = bodyObject(ctx.request.body);
    if (!body) {
      refuse(ctx, 400, 'request body must be a JSON object with role, password and/or disabled');
      return;
    }
    const unknown = Object.keys(body).filter((k) => !['role', 'password', 'disabled'].includes(k));
    if (unknown.length > 0) {
      refuse(ctx, 400, `${unknown[0]} cannot be changed; give role, password and/or disabled`);
      return;
    }
    const r = await auth.updateUser(ctx.params.username ?? '', { role: body.role, password: body.password, disabled: body.disabled });
    if (!r.ok) {
      refuse(ctx, STATUS[r.reason], r.detail);
      return;
    }
    ctx.body = apiUser(r.value);
  });
  route(router, v, 'delete', '/users/{username}', requireAdmin, async (ctx) => {
    const r = await auth.deleteUser(ctx.params.username ?? '');
    if (!r.ok) {
      refuse(ctx, STATUS[r.reason], r.detail);
      return;
    }
    ctx.status = 204;
  });
  return router;
}
