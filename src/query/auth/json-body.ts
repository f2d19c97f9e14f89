// JSON request bodies for the auth and user routes: @koa/bodyparser with a small limit, its
// errors answered here as 400/413 JSON instead of thrown. It does nothing when an earlier
// middleware (the OpenAPI validator) has already parsed the body.
import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';

const parse = bodyParser({
  enableTypes: ['json'],
  jsonLimit: '16kb',
  // Accept any JSON value, so `"text"` or `null` get the route's message naming the fields.
  jsonStrict: false,
  onError: (err, ctx) => { ctx.state.bodyError = err; },
});

/** Parses a JSON body into ctx.request.body, or answers 400 (bad JSON) / 413 (too large). */
export const jsonBody: Middleware = (ctx, next) =>
  parse(ctx, async () => {
    const err = ctx.state.bodyError as { status?: number } | undefined;
    if (err) {
      ctx.status = err.status === 413 ? 413 : 400;
      ctx.body = { error: err.status === 413 ? 'request body is too large' : 'request body is not valid JSON' };
      return;
    }
    await next();
  });

/** The parsed body when it is a JSON object, else null. */
export function bodyObject(body: unknown): Record<string, unknown> | null {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}
