// JSON Pointers (RFC 6901) into the OpenAPI document: the validator compiles schemas by
// pointer, and the document check follows every local $ref with them.

/** Escapes one pointer token: `/users/{username}` -> `~1users~1{username}`. */
export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Reverses escapeToken. */
export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The value a local reference (`#/components/schemas/X`) points at in `doc`, or undefined. */
export function resolveRef(doc: unknown, ref: string): unknown {
  if (ref === '#') return doc;
  if (!ref.startsWith('#/')) return undefined;
  let at: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const token = unescapeToken(decodeURIComponent(raw));
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, token)) return undefined;
    at = (at as Record<string, unknown>)[token];
  }
  return at;
}
