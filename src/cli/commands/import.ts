// `siptrail import FILE...`: capture files into the store through the capture pipeline.
import { access, constants } from 'node:fs/promises';
import { errorText } from '../../util/error-text.js';
import { basename, join } from 'node:path';
import type { Config } from '../../config/types.js';
import type { Logger } from '../../log/logger.js';
import { createRegistry } from '../../metrics/registry.js';
import { connectCassandra } from '../../store/cassandra/client.js';
import { cassandraStores } from '../../store/cassandra/stores.js';
import { schemaVersion } from '../../migrate/version.js';
import { batchWriteConcurrency, startCaptureRole } from '../../capture/role.js';
import { importCapture } from '../../import/import-capture.js';
import { progressReporter, summaryText } from '../../import/report.js';
import { UsageError } from './usage-error.js';

/** Imports every file; exit code 1 when one could not be read as a capture. */
export async function importCommand(files: string[], cfg: Config, log: Logger): Promise<number> {
  if (files.length === 0) throw new UsageError('import needs a capture file: siptrail import FILE.pcap|FILE.pcapng ...');
  for (const f of files) {
    await access(f, constants.R_OK).catch((err: unknown) => {
      const code = (err as NodeJS.ErrnoException | null)?.code;
      throw new UsageError(`cannot read ${f}: ${code === 'ENOENT' ? 'no such file' : (code ?? errorText(err))}`);
    });
  }
  // No listeners; a spool of its own, so a capture node on this host never shares one.
  const c = cfg.capture;
  const importCfg: Config = { ...cfg, capture: { ...c, hepUdp: [], hepTcp: [], hepTls: [], ipipInterface: '', spoolDir: join(c.spoolDir, 'import') } };
  const client = await connectCassandra(cfg.cassandra, cfg.cassandra.keyspace).catch((err: unknown) => {
    throw /does not exist|Keyspace/i.test(errorText(err)) ? new Error(`keyspace ${cfg.cassandra.keyspace} does not exist: run "siptrail migrate" first`) : err;
  });
  let code = 0;
  try {
    await schemaVersion(client, cfg.cassandra.keyspace);
    const stores = cassandraStores(client, { ...cfg.cassandra, writeConcurrency: batchWriteConcurrency(importCfg) });
    const role = await startCaptureRole(importCfg, { stores, log, registry: createRegistry('import') });
    try {
      const a = cfg.agent;
      for (const file of files) {
        const progress = progressReporter(basename(file), process.stderr);
        const s = await importCapture(file, role, { tcp: { maxFlows: a.tcpMaxFlows, maxFlowBytes: a.tcpMaxFlowBytes, timeoutMs: a.tcpFlowTimeoutSec * 1000 }, onProgress: (p) => progress.update(p) });
        progress.done();
        process.stdout.write(summaryText(s));
        if (s.format === null) code = 1;
      }
    } finally {
      await role.close();
    }
  } finally {
    await client.shutdown();
  }
  return code;
}
