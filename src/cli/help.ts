// The text of `siptrail --help`: what each role does today, the commands the entry point
// added, and every configuration key from the section declarations.
import { envName } from '../config/load.js';
import { fieldsOf, type Section } from '../config/section.js';
import type { CliCommand } from './launcher.js';

/** Usage text: the roles, the added commands' own lines, then every key of `sections`. */
export function helpText(sections: readonly Section[], added: readonly Pick<CliCommand, 'help'>[]): string {
  const keys = fieldsOf(sections).map((f) => `  ${`--${f.path}`.padEnd(30)} ${envName(f.path).padEnd(38)} ${f.help}`).join('\n');
  const aliases = fieldsOf(sections).filter((f) => f.alias).map((f) => `  ${`--${f.alias}${f.kind.type === 'bool' ? '' : ' V'}`.padEnd(30)} (same as --${f.path}${f.section.command ? `, in ${f.section.command} only` : ''})`).join('\n');
  const commands = added.map((c) => `${c.help.trimEnd()}\n`).join('');
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
  reindex [DAYS]            after an upgrade from version 1: copy the last DAYS days
                            (default 7) of its search table into search_rows, so
                            searches by any field find them again; safe to run twice
  user add NAME [--role admin|viewer] [--password P]
                            create a user (password from stdin without --password)
${commands}
options (flag, environment variable, meaning):
  --config FILE                  SIPTRAIL_CONFIG                        YAML or JSON configuration file
${keys}
${aliases}

Precedence: defaults < config file < environment < flags. A true/false key given alone is
true; --no-<flag> makes it false (--no-supervise). Every key: docs/configuration.md.
`;
}
