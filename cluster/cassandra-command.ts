// `siptrail cassandra install|start|stop|status|wipe|supervise`: the local Cassandra nodes.
import type { Config } from '../src/config/types.js';
import type { Logger } from '../src/log/logger.js';
import type { CliCommand } from '../src/cli/launcher.js';
import { UsageError } from '../src/cli/commands/usage-error.js';
import { ensureInstalled, findJava } from './install.js';
import { startLocal, statusLocal, stopLocal, wipeLocal } from './local-cluster.js';
import { readRestarts, restartsText } from './restarts-file.js';
import { superviseCommand } from './supervise-command.js';

/** `siptrail cassandra ...`, as the command line is given it. */
export const cassandraCommand: CliCommand = {
  name: 'cassandra',
  help: `  cassandra install         resolve Apache Cassandra from Maven Central (once)
  cassandra start [--nodes N]   start N local nodes on 127.0.0.1..N and wait for CQL
  cassandra stop            stop the local nodes siptrail started
  cassandra status          show each local node up/down, with its restarts (restarts.json)
                            and "gave up" when the crash-loop policy stopped restarting it
  cassandra supervise       restart local nodes that exit on their own (what siptrail all
                            does for the nodes it starts; deploy up runs one); /health and
                            /metrics on http.listen
  cassandra wipe            delete the local nodes' data (they must be stopped)
`,
  run: ({ args, cfg, log }) => cassandra(args[0], cfg, log),
};

async function cassandra(sub: string | undefined, cfg: Config, log: Logger): Promise<number> {
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
