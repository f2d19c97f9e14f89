// Requests through a reverse proxy (http.trustProxy): only from a trusted proxy are
// X-Forwarded-For and X-Forwarded-Proto believed. The client is the right-most address
// of X-Forwarded-For that is not itself a trusted proxy (each proxy appends the address it
// saw, so the left-most entries are whatever the client wrote). Everyone else's headers are
// ignored, so the login limiter and logs see the real peer. A trusted proxy's
// `X-Forwarded-Proto: https` sets ctx.state.forwardedHttps (the session cookie is then Secure).
import { isIP } from 'node:net';
import type { Middleware } from 'koa';
import { inNetworks } from '../config/networks.js';

/** Most X-Forwarded-For entries looked at (the right-most ones). */
const MAX_HOPS = 16;

/** The client address of a request from `peer` with these headers, or null to keep the peer. */
export function forwardedClient(peer: string, xff: string | undefined, trusted: (a: string) => boolean): string | null {
  if (!xff || !trusted(peer)) return null;
  const hops = xff.split(',').slice(-MAX_HOPS).map((h) => h.trim());
  for (let i = hops.length - 1; i >= 0; i--) {
    const h = hops[i] ?? '';
    if (isIP(h) === 0) return null; // a malformed entry: believe nothing further left
    if (!trusted(h)) return h;
  }
  return null;
}

/** Middleware that applies http.trustProxy; none when the list is empty. A bad entry throws naming the key. */
export function trustedProxies(networks: string[]): Middleware | null {
  if (networks.length === 0) return null;
  const trusted = inNetworks(networks, 'http.trustProxy');
  return async (ctx, next) => {
    const peer = ctx.req.socket.remoteAddress ?? '';
    const client = forwardedClient(peer, ctx.get('x-forwarded-for') || undefined, trusted);
    if (client) ctx.request.ip = client;
    if (trusted(peer) && ctx.get('x-forwarded-proto').split(',')[0]?.trim().toLowerCase() === 'https') ctx.state.forwardedHttps = true;
    await next();
  };
}
