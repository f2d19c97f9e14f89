// What the command line needs from outside src/: a launcher of the local Cassandra ring
// (cassandra.mode=local) and the commands of the deployment kit. cluster/ implements these
// and wires them in at its entry point (cluster/main.ts); nothing under src/ imports cluster/.
import type { Registry } from 'prom-client';
import type { ConfigValues, Section } from '../config/section.js';
import type { Config, LocalCassandraConfig } from '../config/types.js';
import type { Logger } from '../log/logger.js';
import type { StatusParts } from '../http/system-status.js';

/** A local ring this process started and supervises (`siptrail all` in local mode). */
export interface SupervisedRing {
  /** What /health and the status page report about the nodes. */
  supervisor: NonNullable<StatusParts['supervisor']>;
  /** Ends supervision first (so nothing is restarted), then stops the nodes this process started. */
  close(): Promise<void>;
}

/** Runs Cassandra nodes on this machine for cassandra.mode=local. */
export interface Launcher {
  /** CQL contact points (`host:port`) of the local ring `local` describes, or the ring already made in its folder. */
  contactPoints(local: LocalCassandraConfig): string[];
  /** Java heap of each local node in MiB, as the launcher gives it. */
  heapMb(local: LocalCassandraConfig): number;
  /** Starts the nodes not running yet and supervises those; null when all ran already (someone else started them). */
  startSupervised(local: LocalCassandraConfig, deps: { log: Logger; registry: Registry }): Promise<SupervisedRing | null>;
}

/** What a command added by the composition root is given. */
export interface CommandContext {
  /** Positional arguments after the command's name. */
  args: string[];
  cfg: Config;
  /** Every loaded section, including the command's own (read them with valuesOf). */
  values: ConfigValues;
  /** Dotted paths set by a file, the environment or a flag rather than by default. */
  explicit: ReadonlySet<string>;
  log: Logger;
}

/** A command the composition root adds (`cassandra`, `deploy`). */
export interface CliCommand {
  name: string;
  /** Its lines in --help: usage on the left, what it does on the right. */
  help: string;
  /** Sections only this command reads; their keys are documented and loaded with the rest. */
  sections?: readonly Section[];
  run(ctx: CommandContext): Promise<number>;
}

/** Everything the command line is given from outside src/. */
export interface CliKit {
  launcher: Launcher;
  commands: readonly CliCommand[];
  /** Error classes worded for the operator: printed as one line, without a stack. */
  operatorErrors: readonly (abstract new (...args: never[]) => Error)[];
}
