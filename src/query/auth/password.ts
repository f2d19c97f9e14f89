// Password hashing with scrypt from node:crypto (memory-hard, no native add-on). Encoded as
//
//   scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>      e.g. scrypt$32768$8$1$....$....
//
// so the cost can be raised later while old hashes still verify with their own parameters.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { fail, ok, type Result } from '../../util/result.js';

/** scrypt cost parameters; N a power of two. */
export interface ScryptParams { N: number; r: number; p: number }

/** The cost used for new hashes: N=2^15, r=8, p=1 (32 MiB, about 0.1 s on one core). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

/** Shortest password accepted when one is set. */
export const MIN_PASSWORD_LENGTH = 8;
/** Longest password accepted, so one request cannot make the server hash a megabyte. */
export const MAX_PASSWORD_LENGTH = 1024;

/** Length in characters (Unicode code points, as the policy counts), not UTF-16 units. */
export function characters(s: string): number {
  return Array.from(s).length;
}

const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Bounds on parameters read back from a stored hash: a corrupted or hostile row must not
// make one login allocate gigabytes or run for minutes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

// Passwords are NFC-normalised so the same typed text verifies whatever the client's input method.
function derive(pw: string, salt: Buffer, { N, r, p }: ScryptParams, keyLen: number): Promise<Buffer> {
  // OpenSSL needs 128*r*(N+p+2) bytes; Node's default maxmem (32 MiB) is just short of what
  // N=2^15, r=8 takes, so ask for what the parameters need plus headroom.
  const opts: ScryptOptions = { N, r, p, maxmem: 128 * r * (N + p + 2) + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCb(pw.normalize('NFC'), salt, keyLen, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Checks the password policy: 8 to 1024 characters. */
export function checkPassword(pw: unknown): Result<string, 'weak-password'> {
  if (typeof pw !== 'string') return fail('weak-password', 'password must be a string');
  const len = characters(pw);
  if (len < MIN_PASSWORD_LENGTH) return fail('weak-password', `password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  if (len > MAX_PASSWORD_LENGTH) return fail('weak-password', `password must be at most ${MAX_PASSWORD_LENGTH} characters long`);
  return ok(pw);
}

/** Hashes a password with a fresh random salt; the policy is the caller's job (checkPassword). */
export async function hashPassword(pw: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(pw, salt, params, KEY_BYTES);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

const BASE64 = /^[\d+/a-z]+={0,2}$/i;
const intIn = (s: string | undefined, max: number): number | null =>
  s !== undefined && /^[1-9]\d{0,7}$/.test(s) && Number(s) <= max ? Number(s) : null;

/** Parses an encoded hash; null when it is not one this module wrote. */
export function parseHash(encoded: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const N = intIn(parts[1], MAX_N);
  const r = intIn(parts[2], MAX_R);
  const p = intIn(parts[3], MAX_P);
  if (N === null || r === null || p === null || N < 2 || (N & (N - 1)) !== 0) return null;
  const [salt64, key64] = [parts[4] ?? '', parts[5] ?? ''];
  if (!BASE64.test(salt64) || !BASE64.test(key64)) return null;
  const salt = Buffer.from(salt64, 'base64');
  const key = Buffer.from(key64, 'base64');
  if (salt.length < 8 || key.length < 16 || key.length > 64) return null;
  return { params: { N, r, p }, salt, key };
}

/** True when `pw` matches `encoded`; false for a wrong password and for any unknown format. */
export async function verifyPassword(pw: string, encoded: string): Promise<boolean> {
  const h = parseHash(encoded);
  if (!h) return false;
  // Derive with the stored key length so the comparison below is of equal lengths.
  const key = await derive(pw, h.salt, h.params, h.key.length).catch(() => null);
  return key !== null && timingSafeEqual(key, h.key);
}
