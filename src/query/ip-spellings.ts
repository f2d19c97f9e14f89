// Search values of the address fields (srcIp, dstIp, contactIp, originatorIp): an address typed
// in any spelling ("::FFFF:10.0.0.1", "::ffff:a00:1", "0:0:0:0:0:ffff:a00:1", "[2001:DB8::1]")
// is searched in the one text capture stores (util/ip-text.ts). A wildcard pattern (10.0.0.*)
// is no address and is compared as typed.
//
// Rows stored before that text was one are normalised on read, not migrated: HEP input used to
// print an IPv4-mapped address in hex (::ffff:a00:1) where IP-in-IP and import printed
// ::ffff:10.0.0.1, so a search for a mapped address also asks for that old HEP spelling (one
// more index lookup, for mapped addresses only). Why not a migration: messages and
// messages_by_time are append-only TWCS tables that expire by TTL (cql/001-messages.cql), and
// rewriting the address of old rows would write into every closed time window; a row's id and
// de-duplication key are hashed from the address text it was stored with, so a rewritten row
// would no longer match its own id; and during a rolling upgrade the capture nodes not yet
// upgraded keep storing the old spelling after any one-off migration has run. The old rows
// expire with cassandra.retentionDays: once that long has passed since the last capture node
// was upgraded, LEGACY_HEP_MAPPED can go.
import { formatIp, isIpv4Mapped, parseIp } from '../util/ip-text.js';

/** The old HEP text of an IPv4-mapped address: ::ffff: and the IPv4 part as two hex groups (::ffff:a00:1). */
function legacyHepMapped(b: Buffer): string {
  return `::ffff:${b.readUInt16BE(12).toString(16)}:${b.readUInt16BE(14).toString(16)}`;
}

/** The texts rows hold for a typed address: its canonical text, and for an IPv4-mapped one also the old HEP text; null when `typed` is no address. */
export function storedSpellings(typed: string): string[] | null {
  const b = parseIp(typed);
  if (!b) return null;
  const text = formatIp(b);
  if (text === null) return null;
  return b.length === 16 && isIpv4Mapped(b) ? [text, legacyHepMapped(b)] : [text];
}
