// Stateless session tokens, so any query node can check a session without a shared session
// table: every node holds the same secret (kept in Cassandra) and verifies the signature.
//
//   base64url(JSON {v:1, sub, role, iat, exp, stamp?, sid?}) "." base64url(HMAC-SHA256(secret, first part))
//
// `exp`/`iat` are Unix seconds. `stamp` lets the service tie a token to the password it was
// issued under (a password change then ends old sessions). `sid` is a random session id:
// logout records it as ended (UserStore.revokeSession) and every node refuses it after.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { fail, ok, type Result } from '../../util/result.js';
import type { Role } from '../../store/users.js';
import { checkRole, checkUsername } from './user-checks.js';

/** Who a token speaks for and until when (Unix seconds). */
export interface SessionClaims { username: string; role: Role; exp: number; stamp?: string; sid?: string }

/** Why a token was refused. */
export type TokenReason = 'malformed' | 'bad-signature' | 'expired';

/** Bytes of a freshly made secret. */
export const SECRET_BYTES = 32;
// Longer than any token this module issues (a 64-character name gives about 250); a cheap
// bound before any work is done on hostile input.
const MAX_TOKEN_CHARS = 1024;

/** A new random signing secret (32 bytes), shared by every query node. */
export function newSecret(): Buffer {
  return randomBytes(SECRET_BYTES);
}

const sign = (payload: string, secret: Buffer): Buffer => createHmac('sha256', secret).update(payload).digest();

function checkSecret(secret: Buffer): void {
  if (secret.length < SECRET_BYTES) throw new Error(`session secret must be at least ${SECRET_BYTES} bytes, got ${secret.length}`);
}

/** Signs a token for `claims` valid `ttlSec` seconds from `now` (milliseconds, as Date.now()). */
export function issueToken(claims: { username: string; role: Role; stamp?: string }, secret: Buffer, ttlSec: number, now = Date.now()): string {
  checkSecret(secret);
  if (!Number.isInteger(ttlSec) || ttlSec <= 0) throw new Error(`token TTL must be a positive whole number of seconds, got ${ttlSec}`);
  const iat = Math.floor(now / 1000);
  const body: Record<string, unknown> = { v: 1, sub: claims.username, role: claims.role, iat, exp: iat + ttlSec };
  if (claims.stamp !== undefined) body.stamp = claims.stamp;
  body.sid = randomBytes(16).toString('base64url');
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${sign(payload, secret).toString('base64url')}`;
}

const B64URL = /^[\w-]+$/;

/** Checks signature, then shape, then expiry (`now` in milliseconds); never throws on bad input. */
export function verifyToken(token: string, secret: Buffer, now = Date.now()): Result<SessionClaims, TokenReason> {
  checkSecret(secret);
  if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS) return fail('malformed', 'token is not a string of sensible length');
  const dot = token.indexOf('.');
  const payload = token.slice(0, dot);
  const sig = token.slice(dot + 1);
  if (dot < 0 || !B64URL.test(payload) || !B64URL.test(sig)) return fail('malformed', 'token is not <payload>.<signature> in base64url');
  // Compare the text, not decoded bytes: base64url has spare bits, and only the canonical
  // spelling should pass. timingSafeEqual needs equal lengths; a mismatch there reveals nothing.
  const given = Buffer.from(sig);
  const want = Buffer.from(sign(payload, secret).toString('base64url'));
  if (given.length !== want.length || !timingSafeEqual(given, want)) return fail('bad-signature', 'token signature does not match');
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return fail('malformed', 'token payload is not JSON');
  }
  if (typeof body !== 'object' || body === null) return fail('malformed', 'token payload has an unknown version');
  const b = body as Record<string, unknown>;
  if (b.v !== 1) return fail('malformed', 'token payload has an unknown version');
  const user = checkUsername(b.sub);
  const role = checkRole(b.role);
  if (!user.ok || !role.ok || !Number.isSafeInteger(b.exp) || (b.stamp !== undefined && typeof b.stamp !== 'string') || (b.sid !== undefined && typeof b.sid !== 'string')) {
    return fail('malformed', 'token payload lacks a valid sub, role or exp');
  }
  const exp = b.exp as number;
  if (exp <= Math.floor(now / 1000)) return fail('expired', `token expired at ${new Date(exp * 1000).toISOString()}`);
  return ok({ username: user.value, role: role.value, exp, ...(b.stamp !== undefined ? { stamp: b.stamp } : {}), ...(b.sid !== undefined ? { sid: b.sid } : {}) });
}
