// What cluster/ gives the command line (src/cli/launcher.ts): the local launcher for
// cassandra.mode=local, and the `cassandra` and `deploy` commands with their sections.
import type { CliKit } from '../src/cli/launcher.js';
import { cassandraCommand } from './cassandra-command.js';
import { deployCommand } from './deploy-command.js';
import { ClusterError } from './install.js';
import { localLauncher } from './local-launcher.js';

/** The kit the siptrail program runs with (cluster/main.ts). */
export const clusterKit: CliKit = {
  launcher: localLauncher,
  commands: [cassandraCommand, deployCommand],
  operatorErrors: [ClusterError],
};
