// The siptrail command line: one program, several roles (`siptrail --help`). It is given
// the local launcher and the deployment kit's commands by the entry point (cluster/main.ts),
// so nothing here depends on cluster/.
import { SECTIONS } from '../config/fields.js';
import { ConfigError, loadSections } from '../config/load.js';
import type { Config } from '../config/types.js';
import { createLogger } from '../log/logger.js';
import { CassandraUnavailable } from '../store/cassandra/client.js';
import { parseArgs } from './args.js';
import { helpText } from './help.js';
import type { CliKit } from './launcher.js';
import { migrateCommand } from './commands/migrate.js';
import { reindexCommand } from './commands/reindex.js';
import { agentCommand } from './commands/agent.js';
import { importCommand } from './commands/import.js';
import { runCommand } from './commands/run.js';
import { UsageError } from './commands/usage-error.js';
import { userCommand } from './commands/user.js';

/** The roles that run until stopped: each has a systemd unit and a sample config under cluster/host/. */
export const SERVICE_ROLES = ['all', 'capture', 'query', 'agent'] as const;

/** Every section the program reads: the roles' own, then those of the kit's commands. */
export function allSections(kit: Pick<CliKit, 'commands'>) {
  return [...SECTIONS, ...kit.commands.flatMap((c) => c.sections ?? [])];
}

async function main(argv: string[], kit: CliKit): Promise<number> {
  const args = parseArgs(argv);
  const role = args.positional[0];
  if (args.help || !role) {
    process.stdout.write(helpText(allSections(kit), kit.commands));
    return role || args.help ? 0 : 2;
  }
  // `user add` has flags of its own that are not configuration keys.
  const userFlags: Record<string, string> = {};
  let flags = args.flags;
  if (role === 'user') {
    const { role: userRole, password, ...configFlags } = args.flags;
    if (userRole !== undefined) userFlags.role = userRole;
    if (password !== undefined) userFlags.password = password;
    flags = configFlags;
  }
  const loaded = loadSections(allSections(kit), { env: process.env, flags, command: role });
  const cfg = withContactPoints(loaded.config, kit);
  const log = createLogger(cfg.log);
  if ((SERVICE_ROLES as readonly string[]).includes(role)) {
    // A long-running node keeps serving: cassandra-driver 4.x can reject a promise nobody
    // awaits from its control connection while every Cassandra node is gone (seen in the
    // failure drills); without this, Node would end the process and UDP capture with it.
    process.on('unhandledRejection', (err) => log.error(`unhandled rejection (kept running): ${err instanceof Error ? err.stack ?? err.message : String(err)}`));
  }
  switch (role) {
    case 'migrate':
      return migrateCommand(cfg, log);
    case 'all':
    case 'capture':
    case 'query': {
      const code = await runCommand(role, cfg, log, kit.launcher);
      // Everything is flushed and closed by now; a libpcap handle may still hold the event
      // loop until one more packet arrives, so do not wait for the loop to drain.
      return process.exit(code);
    }
    case 'agent':
      return agentCommand(cfg, log);
    case 'import':
      return importCommand(args.positional.slice(1), cfg, log);
    case 'reindex':
      return reindexCommand(args.positional.slice(1), cfg, log);
    case 'user':
      return userCommand(args.positional.slice(1), userFlags, cfg, log);
  }
  const command = kit.commands.find((c) => c.name === role);
  if (!command) throw new UsageError(`unknown role "${role}"`);
  return command.run({ args: args.positional.slice(1), cfg, values: loaded.config, explicit: loaded.explicit, log });
}

/** In cassandra.mode=local the client is given the local ring's contact points, from the launcher. */
export function withContactPoints(cfg: Config, kit: Pick<CliKit, 'launcher'>): Config {
  if (cfg.cassandra.mode !== 'local') return cfg;
  return { ...cfg, cassandra: { ...cfg.cassandra, contactPoints: kit.launcher.contactPoints(cfg.local) } };
}

/** Runs the command line `argv` (without node and script) and sets the exit code; errors become one line on stderr. */
export function runCli(argv: string[], kit: CliKit): Promise<void> {
  return main(argv, kit).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const known = [ConfigError, CassandraUnavailable, UsageError, ...kit.operatorErrors].some((E) => err instanceof E);
      const msg = err instanceof Error ? err.message : String(err);
      process.stderr.write(`siptrail: error: ${msg}${err instanceof UsageError ? ' (see siptrail --help)' : ''}\n`);
      if (!known && process.env.SIPTRAIL_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
      process.exitCode = err instanceof UsageError ? 2 : 1;
    },
  );
}
