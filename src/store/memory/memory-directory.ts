// The in-memory Directory (store/directory.ts) for unit tests of the layers above, with the
// Cassandra tables' semantics: an alias is keyed by (ip as given, port) with port null
// stored as 0 and read back as null; a location is listed once however many nodes
// registered it; a shared setting keeps the first value ever made.
import type { Alias, Directory } from '../directory.js';

/** Aliases, locations and settings in Maps. */
export class MemoryDirectory implements Directory {
  /** `${ip}\0${port or 0}` -> alias. */
  private readonly aliasMap = new Map<string, Alias>();
  /** location -> nodes that registered it. */
  private readonly locationMap = new Map<string, Set<string>>();
  private readonly settings = new Map<string, Uint8Array>();

  /** Every alias, any-port ones with port null. */
  async aliases(): Promise<Alias[]> {
    return [...this.aliasMap.values()].map((a) => ({ ...a }));
  }

  /** Creates or renames the alias of (ip, port). */
  async putAlias(a: Alias): Promise<void> {
    this.aliasMap.set(`${a.ip}\u0000${a.port ?? 0}`, { ip: a.ip, port: a.port || null, name: a.name });
  }

  /** Removes the alias of exactly (ip, port); null is the any-port alias. */
  async deleteAlias(ip: string, port: number | null): Promise<void> {
    this.aliasMap.delete(`${ip}\u0000${port ?? 0}`);
  }

  /** Records that a capture node of `location` started. */
  async registerLocation(location: string, node: string): Promise<void> {
    const nodes = this.locationMap.get(location) ?? new Set<string>();
    nodes.add(node);
    this.locationMap.set(location, nodes);
  }

  /** Every registered location, sorted. */
  async locations(): Promise<string[]> {
    return [...this.locationMap.keys()].sort();
  }

  /** The first value ever made for `name` (a copy). */
  async sharedSetting(name: string, make: () => Uint8Array): Promise<Uint8Array> {
    let v = this.settings.get(name);
    if (!v) this.settings.set(name, (v = Uint8Array.from(make())));
    return Uint8Array.from(v);
  }
}
