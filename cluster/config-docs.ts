// `npm run docs:config`: writes docs/configuration.md from every section the siptrail program
// reads (the roles' sections and those of the kit's commands). config-docs.test.ts fails when
// the committed file differs from what this would write.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configurationDoc } from '../src/config/docs-table.js';
import { allSections } from '../src/cli/main.js';
import { clusterKit } from './cli-kit.js';

/** Where the generated table lives (run from the sources: `node --import tsx cluster/config-docs.ts`). */
export const CONFIG_DOC = join(import.meta.dirname, '..', 'docs', 'configuration.md');

/** The text docs/configuration.md should have. */
export function configDocText(): string {
  return configurationDoc(allSections(clusterKit));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(CONFIG_DOC, configDocText());
  process.stdout.write(`wrote ${CONFIG_DOC}\n`);
}
