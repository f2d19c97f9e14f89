#!/usr/bin/env node
// The siptrail program (package.json `bin`): the command line of src/cli, given the local
// Cassandra launcher and the deployment kit of this folder. The only place the two meet.
import { runCli } from '../src/cli/main.js';
import { clusterKit } from './cli-kit.js';

void runCli(process.argv.slice(2), clusterKit);
