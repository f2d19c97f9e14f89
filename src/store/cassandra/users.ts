// The Cassandra UserStore (store/users.ts; table `users`, cql/002-users-aliases.cql; ended
// sessions in `revoked_sessions`, cql/004-revoked-sessions.cql, each row with a TTL).
import cassandra from 'cassandra-driver';
import type { User, UserStore } from '../users.js';
import { firstRow } from './result-set.js';

const opts = { prepare: true, consistency: cassandra.types.consistencies.localQuorum };

function toUser(r: cassandra.types.Row): User {
  return {
    username: r.get('username') as string,
    role: r.get('role') as User['role'],
    passwordHash: r.get('password_hash') as string,
    disabled: Boolean(r.get('disabled')),
    createdAt: (r.get('created_at') as Date | null) ?? new Date(0),
  };
}

/** Users in Cassandra, read and written at LOCAL_QUORUM so every query node agrees. */
export class CassandraUserStore implements UserStore {
  constructor(private client: cassandra.Client) {}

  /** One user, or null. */
  async get(username: string): Promise<User | null> {
    const rs = await this.client.execute('SELECT * FROM users WHERE username = ?', [username], opts);
    const r = firstRow(rs);
    return r ? toUser(r) : null;
  }

  /** Every user, by name. */
  async list(): Promise<User[]> {
    const rs = await this.client.execute('SELECT * FROM users', [], opts);
    return rs.rows.map(toUser).sort((a, b) => a.username.localeCompare(b.username));
  }

  /** Creates or replaces a user. */
  async put(u: User): Promise<void> {
    await this.client.execute('INSERT INTO users (username, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?)', [u.username, u.role, u.passwordHash, u.disabled, u.createdAt], opts);
  }

  /** Removes a user; true when it existed. */
  async delete(username: string): Promise<boolean> {
    const existed = (await this.get(username)) !== null;
    await this.client.execute('DELETE FROM users WHERE username = ?', [username], opts);
    return existed;
  }

  /** Records an ended session until its token would expire (the row's TTL, at least a second). */
  async revokeSession(id: string, ttlSec: number): Promise<void> {
    await this.client.execute('INSERT INTO revoked_sessions (id, revoked_at) VALUES (?, ?) USING TTL ?', [id, new Date(), Math.max(1, Math.ceil(ttlSec))], opts);
  }

  /** Whether the session was ended. */
  async sessionRevoked(id: string): Promise<boolean> {
    const rs = await this.client.execute('SELECT id FROM revoked_sessions WHERE id = ?', [id], opts);
    return firstRow(rs) !== null;
  }
}
