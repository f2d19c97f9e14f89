// The in-memory Directory (store/directory.ts) for unit tests of the layers above, with the
// Cassandra tables' semantics: an alias is keyed by (ip as given, port) with port null
// stored as 0 and read back as null; a location is listed once however many nodes
// registered it; a shared setting keeps the first value ever made. Nothing here waits:
// each method settles its promise at once (util/settled.ts).
import { settled } from '../../util/settled.js';
import type { Alias, Directory } from '../directory.js';

/** Aliases, locations and settings in Maps. */
export class MemoryDirectory implements Directory {
  /** `${ip}\0${port or 0}` -> alias. */
  private readonly aliasMap = new Map<string, Alias>();
  /** location -> nodes that registered it. */
  private readonly locationMap = new Map<string, Set<string>>();
  private readonly settings = new Map<string, Uint8Array>();

  /** Every alias, any-port ones with port null. */
  aliases(): Promise<Alias[]> {
    return Promise.resolve([...this.aliasMap.values()].map((a) => ({ ...a })));
  }

  /** Creates or renames the alias of (ip, port). */
  putAlias(a: Alias): Promise<void> {
    this.aliasMap.set(`${a.ip}\u0000${a.port ?? 0}`, { ip: a.ip, port: a.port || null, name: a.name });
    return Promise.resolve();
  }

  /** Removes the alias of exactly (ip, port); null is the any-port alias. */
  deleteAlias(ip: string, port: number | null): Promise<void> {
    this.aliasMap.delete(`${ip}\u0000${port ?? 0}`);
    return Promise.resolve();
  }

  /** Records that a capture node of `location` started. */
  registerLocation(location: string, node: string): Promise<void> {
    const nodes = this.locationMap.get(location) ?? new Set<string>();
    nodes.add(node);
    this.locationMap.set(location, nodes);
    return Promise.resolve();
  }

  /** Every registered location, sorted. */
  locations(): Promise<string[]> {
    return Promise.resolve([...this.locationMap.keys()].sort());
  }

  /** The first value ever made for `name` (a copy). */
  sharedSetting(name: string, make: () => Uint8Array): Promise<Uint8Array> {
    return settled(() => {
      let v = this.settings.get(name);
      if (!v) this.settings.set(name, (v = Uint8Array.from(make())));
      return Uint8Array.from(v);
    });
  }
}
