// In-memory UserStore for unit tests of the layers above. It copies users in and out so a
// caller mutating what it got cannot change stored state, as with a real database.
import { checkUsername, type User, type UserStore } from './user-store.js';

const copy = (u: User): User => ({ ...u, createdAt: new Date(u.createdAt.getTime()) });

/** A UserStore held in a Map; optional seed users. */
export class MemoryUserStore implements UserStore {
  private readonly users = new Map<string, User>();

  constructor(seed: User[] = []) {
    for (const u of seed) this.putSync(u);
  }

  async get(username: string): Promise<User | null> {
    const u = this.users.get(username);
    return u ? copy(u) : null;
  }

  async list(): Promise<User[]> {
    return [...this.users.values()].map(copy);
  }

  async put(user: User): Promise<void> {
    this.putSync(user);
  }

  async delete(username: string): Promise<boolean> {
    return this.users.delete(username);
  }

  private putSync(user: User): void {
    // The service validates first; reaching this with a bad name is a programming error.
    const name = checkUsername(user.username);
    if (!name.ok) throw new Error(name.detail);
    this.users.set(user.username, copy(user));
  }
}
