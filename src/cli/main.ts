#!/usr/bin/env node
// The siptrail entry point: one program, several roles (`siptrail --help`).
import { ConfigError, loadConfig } from '../config/load.js';
import { createLogger } from '../log/logger.js';
import { ClusterError } from '../../cluster/install.js';
import { CassandraUnavailable } from '../store/cassandra/client.js';
import { parseArgs } from './args.js';
import { helpText } from './help.js';
import { cassandraCommand } from './commands/cassandra.js';
import { migrateCommand } from './commands/migrate.js';
import { agentCommand } from './commands/agent.js';
import { importCommand } from './commands/import.js';
import { runCommand } from './commands/run.js';
import { UsageError } from './commands/usage-error.js';
import { userCommand } from './commands/user.js';
import { deployCommand, takeDeployFlags } from './commands/deploy.js';

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const role = args.positional[0];
  if (args.help || !role) {
    process.stdout.write(helpText());
    return role || args.help ? 0 : 2;
  }
  // `user add` has flags of its own that are not configuration keys.
  const userFlags: Record<string, string> = {};
  if (role === 'user') {
    for (const k of ['role', 'password']) {
      if (args.flags[k] !== undefined) userFlags[k] = args.flags[k]!;
      delete args.flags[k];
    }
  }
  // `deploy` has its own flags (sizes, ports, folder) besides configuration keys.
  const deployFlags = role === 'deploy' ? takeDeployFlags(args.flags) : {};
  const cfg = loadConfig({ env: process.env, flags: args.flags });
  const log = createLogger(cfg.log);
  if (['all', 'capture', 'query', 'agent'].includes(role ?? '')) {
    // A long-running node keeps serving: cassandra-driver 4.x can reject a promise nobody
    // awaits from its control connection while every Cassandra node is gone (seen in the
    // failure drills); without this, Node would end the process and UDP capture with it.
    process.on('unhandledRejection', (err) => log.error(`unhandled rejection (kept running): ${err instanceof Error ? err.stack ?? err.message : String(err)}`));
  }
  switch (role) {
    case 'cassandra':
      return cassandraCommand(args.positional[1], cfg, log);
    case 'migrate':
      return migrateCommand(cfg, log);
    case 'all':
    case 'capture':
    case 'query': {
      const code = await runCommand(role, cfg, log);
      // Everything is flushed and closed by now; a libpcap handle may still hold the event
      // loop until one more packet arrives, so do not wait for the loop to drain.
      process.exit(code);
    }
    case 'agent':
      return agentCommand(cfg, log);
    case 'import':
      return importCommand(args.positional.slice(1), cfg, log);
    case 'user':
      return userCommand(args.positional.slice(1), userFlags, cfg, log);
    case 'deploy':
      return deployCommand(args.positional.slice(1), deployFlags, cfg, log);
    default:
      throw new UsageError(`unknown role "${role}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const known = err instanceof ConfigError || err instanceof ClusterError || err instanceof CassandraUnavailable || err instanceof UsageError;
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`siptrail: error: ${msg}${err instanceof UsageError ? ' (see siptrail --help)' : ''}\n`);
    if (!known && process.env.SIPTRAIL_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  },
);
