// `siptrail cassandra install|start|stop|status|wipe|supervise`: the local Cassandra nodes.
import type { Config } from '../../config/types.js';
import type { Logger } from '../../log/logger.js';
import { ensureInstalled, findJava } from '../../../cluster/install.js';
import { startLocal, statusLocal, stopLocal, wipeLocal } from '../../../cluster/local-cluster.js';
import { readRestarts, restartsText } from '../../../cluster/restarts-file.js';
import { superviseCommand } from './supervise.js';
import { UsageError } from './usage-error.js';

/** Runs one `cassandra` subcommand; returns the exit code. */
export async function cassandraCommand(sub: string | undefined, cfg: Config, log: Logger): Promise<number> {
  switch (sub) {
    case 'install':
      findJava(cfg.local);
      log.info(`Cassandra jars in ${ensureInstalled(cfg.local, log)}`);
      return 0;
    case 'start':
      await startLocal(cfg.local, log);
      return printStatus(cfg);
    case 'stop': {
      const n = await stopLocal(cfg.local, log);
      if (n === 0) log.info('no local Cassandra node was running');
      return 0;
    }
    case 'status':
      return printStatus(cfg);
    case 'supervise':
      return superviseCommand(cfg, log);
    case 'wipe':
      wipeLocal(cfg.local);
      log.info(`local Cassandra data under ${cfg.local.dir}/nodes deleted`);
      return 0;
    default:
      throw new UsageError(`cassandra: expected install, start, stop, status, wipe or supervise, got ${sub ? `"${sub}"` : 'nothing'}`);
  }
}

async function printStatus(cfg: Config): Promise<number> {
  const all = await statusLocal(cfg.local);
  const lines = all.map((s) => `node${s.node.index}  ${s.node.address}:${s.node.cqlPort}  ${s.cql ? 'UP' : s.running ? 'STARTING' : 'DOWN'}  ${s.pid ? `pid ${s.pid}  ` : ''}${restartsText(readRestarts(s.node.dir), s.running)}`);
  process.stdout.write(lines.join('\n') + `\n${all.filter((s) => s.cql).length}/${all.length} up\n`);
  return all.every((s) => s.cql) ? 0 : 3;
}
