// Shared set-up for the auth tests: a store that counts reads, a settable clock, cheap
// scrypt parameters, a service seeded with an admin and a viewer, and a real HTTP server.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Router from '@koa/router';
import Koa from 'koa';
import { AuthService, type AuthOptions } from './auth-service.js';
import { LoginLimiter } from './login-limiter.js';
import { MemoryUserStore } from '../../store/memory/memory-user-store.js';
import { sessionMiddleware } from './middleware.js';
import type { User } from '../../store/users.js';

/** scrypt cost for tests only: about a millisecond instead of a tenth of a second. */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };
/** Fixed test secret. */
export const TEST_SECRET = Buffer.alloc(32, 42);
/** Password of the seeded admin "root". */
export const ADMIN_PW = 'admin-password-1';
/** Password of the seeded viewer "vic". */
export const VIEWER_PW = 'viewer-password-1';

/** A MemoryUserStore that counts get() calls. */
export class CountingStore extends MemoryUserStore {
  gets = 0;
  override async get(username: string): Promise<User | null> {
    this.gets++;
    return super.get(username);
  }
}

/** A manual clock in milliseconds. */
export function testClock(start = Date.UTC(2024, 4, 1, 8, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

/** A service over a fresh store with users "root" (admin) and "vic" (viewer). */
export async function seededService(opts: Partial<AuthOptions> = {}, store = new CountingStore()) {
  const clock = testClock();
  const now = opts.now ?? clock.now;
  const auth = new AuthService(store, { secret: TEST_SECRET, scrypt: TEST_SCRYPT, now, limiter: new LoginLimiter({ now }), ...opts });
  for (const [username, password, role] of [['root', ADMIN_PW, 'admin'], ['vic', VIEWER_PW, 'viewer']]) {
    const r = await auth.addUser({ username, password, role });
    if (!r.ok) throw new Error(r.detail);
  }
  return { auth, store, clock };
}

/** A Koa app on 127.0.0.1:<random port> with the session middleware, the given routers and optional middleware. */
export async function serve(auth: AuthService, routers: Router[], setup: (app: Koa) => void = () => {}) {
  const app = new Koa();
  setup(app);
  app.use(sessionMiddleware(auth));
  for (const r of routers) app.use(r.routes()).use(r.allowedMethods());
  const handle = app.callback();
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
