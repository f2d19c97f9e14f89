// `siptrail migrate`: apply the schema and exit.
import type { Config } from '../../config/types.js';
import type { Logger } from '../../log/logger.js';
import { connectCassandra } from '../../store/cassandra/client.js';
import { migrate } from '../../migrate/migrate.js';

/** Connects, migrates, reports the schema version. */
export async function migrateCommand(cfg: Config, log: Logger): Promise<number> {
  const client = await connectCassandra(cfg.cassandra);
  try {
    const res = await migrate(client, cfg.cassandra, log);
    log.info(res.applied.length ? `schema now at version ${res.current} (applied ${res.applied.join(', ')})` : `schema already at version ${res.current}; nothing to do`);
    return 0;
  } finally {
    await client.shutdown();
  }
}
