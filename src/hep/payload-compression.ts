// Body of HEP3 chunk 0x0010 ("compressed payload", hep.md §2.7). The container is not pinned down:
//
//   gzip (RFC 1952, OpenSIPS):    1f 8b 08 ...
//   zlib (RFC 1950, captagent):   78 9c ...   (CMF low nibble 8, (CMF*256 + FLG) % 31 == 0)
//   raw deflate (RFC 1951):       anything else
//
// Detection follows that order, and raw deflate is always tried last because a raw stream can
// look like a zlib header by chance. Output is capped with zlib's maxOutputLength, so a zip bomb
// stops at the cap instead of filling memory.

import { deflateSync, gunzipSync, gzipSync, inflateRawSync, inflateSync, type ZlibOptions } from 'node:zlib';
import { fail, ok, type Result } from '../util/result.js';

type Inflater = (buf: Buffer, opts: ZlibOptions) => Buffer;

/** Decompresses a 0x0010 body, auto-detecting gzip, zlib or raw deflate; output above maxBytes is 'too-large'. */
export function inflatePayload(body: Buffer, maxBytes: number): Result<Buffer, 'bad-compression' | 'too-large'> {
  const attempts: Inflater[] = [];
  const b0 = body[0] ?? 0;
  const b1 = body[1] ?? 0;
  if (b0 === 0x1f && b1 === 0x8b) attempts.push(gunzipSync);
  else if ((b0 & 0x0f) === 8 && (b0 * 256 + b1) % 31 === 0) attempts.push(inflateSync);
  attempts.push(inflateRawSync);
  for (const inflate of attempts) {
    try {
      const out = inflate(body, { maxOutputLength: Math.max(1, maxBytes) });
      if (out.length > maxBytes) return fail('too-large', `compressed payload inflates past ${maxBytes} bytes`);
      return ok(out);
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
        return fail('too-large', `compressed payload inflates past ${maxBytes} bytes`);
      }
    }
  }
  const head = body.subarray(0, 4).toString('hex').replace(/(..)(?!$)/g, '$1 ');
  return fail('bad-compression', `compressed payload of ${body.length} bytes (starts "${head}") is not gzip, zlib or raw deflate`);
}

/** Compresses a payload for chunk 0x0010 in the captagent (zlib) or OpenSIPS (gzip) container. */
export function deflatePayload(payload: Buffer, container: 'zlib' | 'gzip'): Buffer {
  return container === 'gzip' ? gzipSync(payload) : deflateSync(payload);
}
