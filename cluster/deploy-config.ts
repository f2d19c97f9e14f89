// The siptrail.yaml of one process of a local deployment. It is the file an operator
// would put on a real host for that role, with the loopback addresses in place of the
// hosts' own: the Cassandra contact points, the listeners, the capture location, the
// spool folder, and for query nodes the first admin's password.
import { Document, visit } from 'yaml';
import {
  cassandraAddress,
  contactPointsOf,
  processAddress,
  processDir,
  processName,
  replicationFactorOf,
  SUPERVISOR_ADDRESS,
  type DeploymentSpec,
  type DeployRole,
} from './deploy-plan.js';
import { join } from 'node:path';
import type { ConfigFile, LocalCassandraConfig } from '../src/config/types.js';

/** The configuration sections of one process, keyed as src/config/sections/ declares them. */
export function processConfig(spec: DeploymentSpec, role: DeployRole, index: number, admin: { user: string; password: string }): ConfigFile {
  const address = processAddress(role, index);
  const cassandra: ConfigFile['cassandra'] = {
    mode: 'external',
    contactPoints: contactPointsOf(spec),
    localDataCenter: 'datacenter1',
    keyspace: spec.keyspace,
    replication: 'network',
    replicationFactor: replicationFactorOf(spec),
  };
  const http = { listen: `${address}:${spec.httpPort}` };
  if (role === 'capture') {
    const hep = `${address}:${spec.hepPort}`;
    const name = processName(role, index);
    const capture = { hepUdp: [hep], hepTcp: [hep], location: name, nodeName: name, spoolDir: join(processDir(spec.dir, role, index), 'spool') };
    return { cassandra, capture, http };
  }
  return { cassandra, http, query: { adminUser: admin.user, adminPassword: admin.password } };
}

/** The YAML text of that configuration, with a header saying what the file is and how a real host differs. */
export function renderProcessYaml(spec: DeploymentSpec, role: DeployRole, index: number, admin: { user: string; password: string }): string {
  const header = [
    `# siptrail ${role} node ${index} of the local deployment in ${spec.dir}`,
    `# Run by: siptrail ${role} --config <this file>   (written by "siptrail deploy"; edits are overwritten at its next start)`,
    '# On a real host: the same file with the Cassandra hosts in cassandra.contactPoints and the',
    role === 'capture'
      ? `# host's own address (or 0.0.0.0) in capture.hepUdp / capture.hepTcp / http.listen, and its senders in capture.allowNetworks.`
      : `# host's own address (or 0.0.0.0) in http.listen; every query node gets the same admin password.`,
    `# Cassandra here: ${spec.cassandraNodes} node(s) on ${cassandraAddress(1)}${spec.cassandraNodes > 1 ? `..${cassandraAddress(spec.cassandraNodes)}` : ''}, CQL port ${spec.cqlPort}.`,
  ];
  const doc = new Document(processConfig(spec, role, index, admin));
  // Lists on one line (`hepUdp: [10.0.0.5:9060]`), as the README's example file has them.
  visit(doc, { Seq: (_, node) => void (node.flow = true) });
  return `${header.join('\n')}\n${doc.toString({ flowCollectionPadding: false })}`;
}

/**
 * The siptrail.yaml of the deployment's Cassandra supervisor: the ring exactly as `deploy`
 * starts it (`ring`, every key of the local section), so that a restart runs the same node.
 */
export function renderSupervisorYaml(spec: DeploymentSpec, ring: LocalCassandraConfig): string {
  const header = [
    `# siptrail Cassandra supervisor of the local deployment in ${spec.dir}`,
    '# Run by: siptrail cassandra supervise --config <this file>   (written by "siptrail deploy"; edits are overwritten at its next start)',
    '# Restarts a node that exits on its own, at most local.restartLimit times within local.restartWindowMin.',
  ];
  const file: ConfigFile = { local: { ...ring }, http: { listen: `${SUPERVISOR_ADDRESS}:${spec.httpPort}` } };
  const doc = new Document(file);
  return `${header.join('\n')}\n${doc.toString({ flowCollectionPadding: false })}`;
}
