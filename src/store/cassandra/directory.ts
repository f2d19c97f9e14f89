// The Cassandra Directory (store/directory.ts): host aliases, capture locations and
// cluster-wide settings in the small tables of cql/002-users-aliases.cql. Reads are tiny
// and cached by the callers.
import cassandra from 'cassandra-driver';
import type { Alias, Directory } from '../directory.js';
import { firstRow } from './result-set.js';

const q = { prepare: true } as const;
const quorum = { prepare: true, consistency: cassandra.types.consistencies.localQuorum };

/** Aliases, locations and settings in Cassandra. */
export class CassandraDirectory implements Directory {
  constructor(private client: cassandra.Client) {}

  /** Every alias. */
  async aliases(): Promise<Alias[]> {
    const rs = await this.client.execute('SELECT ip, port, name FROM aliases', [], q);
    return rs.rows.map((r) => ({ ip: r.get('ip') as string, port: (r.get('port') as number) || null, name: r.get('name') as string }));
  }

  /** Creates or renames an alias. */
  async putAlias(a: Alias): Promise<void> {
    await this.client.execute('INSERT INTO aliases (ip, port, name) VALUES (?, ?, ?)', [a.ip, a.port ?? 0, a.name], q);
  }

  /** Removes an alias; port null removes the any-port alias. */
  async deleteAlias(ip: string, port: number | null): Promise<void> {
    await this.client.execute('DELETE FROM aliases WHERE ip = ? AND port = ?', [ip, port ?? 0], q);
  }

  /** Records that a capture node of `location` started. */
  async registerLocation(location: string, node: string): Promise<void> {
    await this.client.execute('INSERT INTO locations (location, node, last_start) VALUES (?, ?, ?)', [location, node, new Date()], q);
  }

  /** Every location a capture node has registered, sorted. */
  async locations(): Promise<string[]> {
    const rs = await this.client.execute('SELECT DISTINCT location FROM locations', [], q);
    return rs.rows.map((r) => r.get('location') as string).sort();
  }

  /** A setting shared by every node, created once with `make` (a lightweight transaction decides the winner). */
  async sharedSetting(name: string, make: () => Uint8Array): Promise<Uint8Array> {
    // Two nodes starting together on a fresh ring race here, and the losing Paxos round can
    // time out (seen once in seven drill starts, and the query node exited). IF NOT EXISTS
    // makes a retry safe: it either inserts or finds the winner's value.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.execute('INSERT INTO settings (name, value) VALUES (?, ?) IF NOT EXISTS', [name, Buffer.from(make())], quorum);
        break;
      } catch (err) {
        if (attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 500 * attempt + Math.floor(Math.random() * 500)));
      }
    }
    const rs = await this.client.execute('SELECT value FROM settings WHERE name = ?', [name], quorum);
    const v = firstRow(rs)?.get('value') as Buffer | undefined;
    if (!v) throw new Error(`setting ${name} could not be read back`);
    return v;
  }
}
