// The text of `siptrail --help`: what each role does today.
import { FIELDS } from '../config/fields.js';
import { envName } from '../config/load.js';

/** Usage text, with every configuration key. */
export function helpText(): string {
  const keys = FIELDS.map((f) => `  --${f.path.padEnd(30)} ${envName(f.path).padEnd(38)} ${f.help}`).join('\n');
  return `siptrail — SIP capture with backtrace, stored in Apache Cassandra

usage: siptrail <role> [options]

roles:
  all                       capture + query in one process; in cassandra.mode=local it
                            installs and starts a local Cassandra first, migrates the
                            schema, restarts that Cassandra when it dies (with back-off,
                            at most local.restartLimit times in local.restartWindowMin),
                            and stops it again on Ctrl-C
  capture                   HEP (UDP/TCP) capture node writing to Cassandra
  query                     query node: the HTTP API under /api/v1 (search, messages,
                            call flows, pcap/text/JSON export, users, aliases)
  agent                     capture SIP with libpcap on agent.interface (BPF agent.filter)
                            and send it as HEP to agent.targets, a call per node, failing
                            over to the next node when one stops answering
  import FILE...            store the SIP of pcap/pcapng files (SIP on any UDP/TCP port,
                            HEP datagrams, IP-in-IP) through the capture pipeline;
                            importing a file twice adds nothing
  migrate                   apply the cql/ schema versions to the keyspace and exit
  user add NAME [--role admin|viewer] [--password P]
                            create a user (password from stdin without --password)
  cassandra install         resolve Apache Cassandra from Maven Central (once)
  cassandra start [--nodes N]   start N local nodes on 127.0.0.1..N and wait for CQL
  cassandra stop            stop the local nodes siptrail started
  cassandra status          show each local node up/down, with its restarts (restarts.json)
                            and "gave up" when the crash-loop policy stopped restarting it
  cassandra supervise       restart local nodes that exit on their own (what siptrail all
                            does for the nodes it starts; deploy up runs one); /health and
                            /metrics on http.listen
  cassandra wipe            delete the local nodes' data (they must be stopped)
  deploy up [--cassandra-nodes C] [--capture K] [--query Q] [--deploy.dir DIR]
            [--cql-port P] [--storage-port P] [--jmx-port-base P] [--heap-mb M]
            [--hep-port P] [--http-port P] [--keyspace K] [--no-supervise]
                            a whole installation on this machine (defaults: 3, 1, 1,
                            .siptrail/deploy, 9042, 7000, 7199, 1024, 9060, 8080,
                            siptrail): Cassandra on 127.0.0.1..C, the schema (network,
                            RF min(3,C)), a Cassandra supervisor (cassandra supervise,
                            /health on 127.0.3.1; not with --no-supervise), capture i on
                            127.0.1.i, query j on 127.0.2.j; waits for every /health and
                            prints the admin password
  deploy status             each Cassandra node (with its restarts), the supervisor and each
                            process UP/DOWN (exit code 3 if any is down)
  deploy add capture|query  start the next capture or query process; the others keep running
  deploy stop capture|query N [--signal SIGKILL]
                            stop one process (deploy start capture|query N starts it again)
  deploy down               stop the supervisor, every process of the deployment, then its
                            Cassandra nodes
  deploy wipe               delete the deployment folder (nothing may run)

options (flag, environment variable, meaning):
  --config FILE                  SIPTRAIL_CONFIG                        YAML or JSON configuration file
${keys}
  --nodes N                      (same as --local.nodes)

Precedence: defaults < config file < environment < flags.
`;
}
