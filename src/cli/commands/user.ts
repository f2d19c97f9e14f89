// `siptrail user add NAME [--role admin|viewer] [--password P]`: creates a user, e.g. the
// first admin. Without --password the password is read from standard input (one line),
// so it stays out of the shell history and the process list.
import { createInterface } from 'node:readline';
import type { Config } from '../../config/types.js';
import type { Logger } from '../../log/logger.js';
import { connectCassandra } from '../../store/cassandra/client.js';
import { cassandraStores } from '../../store/cassandra/stores.js';
import { AuthService } from '../../query/auth/auth-service.js';
import { sessionSecret } from '../../query/auth/session-secret.js';
import { schemaVersion } from '../../migrate/version.js';
import { UsageError } from './usage-error.js';

async function readLine(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password: ');
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

/** Runs `user add`; returns the exit code. */
export async function userCommand(args: string[], flags: Record<string, string>, cfg: Config, log: Logger): Promise<number> {
  const [sub, name] = args;
  if (sub !== 'add' || !name) throw new UsageError('user: expected "user add NAME [--role admin|viewer] [--password P]"');
  const role = flags.role ?? 'viewer';
  if (role !== 'admin' && role !== 'viewer') throw new UsageError(`user add: --role must be admin or viewer, got "${role}"`);
  const password = flags.password ?? (await readLine());
  const client = await connectCassandra(cfg.cassandra, cfg.cassandra.keyspace);
  try {
    await schemaVersion(client, cfg.cassandra.keyspace);
    const stores = cassandraStores(client, cfg.cassandra);
    const r = await new AuthService(stores.users, { secret: await sessionSecret(stores.directory) }).addUser({ username: name, password, role });
    if (!r.ok) {
      process.stderr.write(`siptrail: error: user add: ${r.detail}\n`);
      return 1;
    }
    log.info(`user "${name}" added with role ${role}`);
    return 0;
  } finally {
    await client.shutdown();
  }
}
