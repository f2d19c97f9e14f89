// Host alias names for the results table: the server's own matching (src/flow/alias-lookup.ts,
// which the call flow uses), so the table and the flow name a host alike. An alias for exactly
// ip and port wins over one for the ip alone, and addresses compare in their canonical text.

export { aliasLookup, canonicalIp, hostKey as endpoint } from '../../src/flow/alias-lookup.js';
