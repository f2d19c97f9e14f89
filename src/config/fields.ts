// The sections of every siptrail process, in the order --help and the docs list them.
// Each is declared once in sections/; the Config type (types.ts), the defaults and the
// loader's tables are derived from this list.
import { defaultsOf, type ConfigOf } from './section.js';
import { cassandraSection } from './sections/cassandra.js';
import { localSection } from './sections/local.js';
import { captureSection } from './sections/capture.js';
import { httpSection } from './sections/http.js';
import { querySection } from './sections/query.js';
import { agentSection } from './sections/agent.js';
import { logSection } from './sections/log.js';

/** The sections every role may read. The deployment kit adds its own (cluster/deploy-section.ts). */
export const SECTIONS = [cassandraSection, localSection, captureSection, httpSection, querySection, agentSection, logSection] as const;

/** Defaults: a single local Cassandra node, HEP on 9060, HTTP on 8080. */
export function defaultConfig(): ConfigOf<typeof SECTIONS> {
  return defaultsOf(SECTIONS);
}
