// Reads, from every node the client is connected to, the memory settings memory-checks.ts
// judges: system_views.settings and system_views.disk_usage, asked of each host in turn.
import type cassandra from 'cassandra-driver';
import { mebibytes, type NodeMemoryReading } from './memory-checks.js';

const SETTINGS = "SELECT name, value FROM system_views.settings WHERE name IN ('sai_options.segment_write_buffer_size', 'memtable_heap_space')";
const DISK = 'SELECT mebibytes FROM system_views.disk_usage WHERE keyspace_name = ? ALLOW FILTERING';

/** One reading per connected host; a host that does not answer within 5 s is left out. `heapOf` names heaps siptrail knows. */
export async function readNodeMemory(client: cassandra.Client, keyspace: string, heapOf: (address: string) => number | null): Promise<NodeMemoryReading[]> {
  const hosts = client.hosts.values().filter((h) => h.isUp());
  const out = await Promise.all(hosts.map(async (host): Promise<NodeMemoryReading | null> => {
    try {
      const opts = { host, prepare: true, readTimeout: 5000 };
      const [settings, disk] = await Promise.all([client.execute(SETTINGS, [], opts), client.execute(DISK, [keyspace], opts)]);
      const value = (name: string) => settings.rows.find((r) => r.get('name') === name)?.get('value') as string | null | undefined;
      return {
        node: host.address,
        saiSegmentBufferMiB: mebibytes(value('sai_options.segment_write_buffer_size')),
        memtableHeapSpaceMiB: mebibytes(value('memtable_heap_space')),
        dataMiB: disk.rows.reduce((a, r) => a + Number(r.get('mebibytes')), 0),
        heapMiB: heapOf(host.address),
      };
    } catch {
      return null;
    }
  }));
  return out.filter((r): r is NodeMemoryReading => r !== null);
}
