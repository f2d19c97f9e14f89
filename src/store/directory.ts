// The small tables' contracts (cql/002-users-aliases.cql): host aliases, the capture
// locations seen, and settings every node shares. No imports and no runtime code: the web
// build takes `Alias` from here through the API wire types (query/api/wire-types.ts).

/** A host alias: ip (and port, or null for any port) -> name. */
export interface Alias {
  ip: string;
  /** null (or 0 on input) matches every port of `ip`. */
  port: number | null;
  name: string;
}

/** Host aliases, read by every query node and changed by admins. */
export interface AliasStore {
  /** Every alias, in no particular order; an any-port alias reads back with port null. */
  aliases(): Promise<Alias[]>;
  /** Creates or renames the alias of (ip, port); port null or 0 is the any-port alias. */
  putAlias(a: Alias): Promise<void>;
  /** Removes the alias of exactly (ip, port); port null removes the any-port alias. */
  deleteAlias(ip: string, port: number | null): Promise<void>;
}

/** Capture locations: written by capture nodes as they start, listed by the search form. */
export interface LocationRegistry {
  /** Records that capture node `node` of `location` started. */
  registerLocation(location: string, node: string): Promise<void>;
  /** Every location registered, each once, sorted. */
  locations(): Promise<string[]>;
}

/** Settings every node of a cluster shares, e.g. the secret that signs session tokens. */
export interface SharedSettings {
  /** The value of `name`, created with `make` by whichever node asks first; every caller gets that one value. */
  sharedSetting(name: string, make: () => Uint8Array): Promise<Uint8Array>;
}

/** Everything the query tier keeps besides messages and users. */
export type Directory = AliasStore & LocationRegistry & SharedSettings;
