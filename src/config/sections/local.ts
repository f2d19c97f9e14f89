// The `local` section: the Cassandra nodes siptrail installs and runs itself on this
// machine (cassandra.mode=local). The launcher under cluster/ reads it; it is declared here
// because `cassandra.mode=local` and the contact points it yields belong to every role.
import { int, section, text } from '../section.js';

/** The local Cassandra ring: folders, size, memory, ports, JDK, restart policy. */
export const localSection = section({
  name: 'local',
  help: 'the Cassandra nodes siptrail runs itself (cassandra.mode=local)',
  keys: {
    dir: text({ nonEmpty: true, default: '.siptrail', help: 'folder for the Cassandra jars and each local node\'s data and logs' }),
    libDir: text({ default: '', help: 'folder for the Cassandra jars (empty: <local.dir>/lib)' }),
    nodes: int({ min: 1, max: 9, default: 1, alias: 'nodes', help: 'local Cassandra nodes, on 127.0.0.1 .. 127.0.0.N' }),
    nice: int({ min: 0, max: 19, default: 10, help: 'CPU niceness of local Cassandra nodes: on a shared host the UDP receivers come first, Cassandra lag is queued or spooled' }),
    heapMb: int({ min: 256, max: 32_768, zeroIsAuto: true, default: 0, help: 'Java heap of each local Cassandra node in MiB (0: automatic, a quarter of the machine\'s memory shared by the nodes, 1024..8192)' }),
    saiSegmentBufferMb: int({ min: 16, max: 32_767, zeroIsAuto: true, default: 0, help: 'sai_options.segment_write_buffer_size of the local nodes in MiB (0: an eighth of the heap, 32..512; Cassandra\'s own default 1024 overran a 1 GiB heap)' }),
    cqlPort: int({ min: 1, max: 65_535, default: 9042, help: 'CQL port of the local nodes' }),
    storagePort: int({ min: 1, max: 65_535, default: 7000, help: 'inter-node port of the local nodes' }),
    jmxPortBase: int({ min: 1, max: 65_000, default: 7199, help: 'JMX port of local node 1 (node N uses base+N-1)' }),
    javaHome: text({ default: '', help: 'JDK 17 to run Cassandra with (empty: find /usr/lib/jvm/java-17-*)' }),
    version: text({ nonEmpty: true, default: '5.0.8', help: 'org.apache.cassandra:cassandra-all version resolved from Maven Central' }),
    startTimeoutSec: int({ min: 10, max: 3600, default: 180, help: 'how long to wait for a local node to answer CQL' }),
    restartLimit: int({ min: 0, max: 100, default: 5, help: 'restarts of a local node that exited on its own within restartWindowMin, after which siptrail stops restarting it and says why (0: never restart)' }),
    restartWindowMin: int({ min: 1, max: 1440, default: 10, help: 'minutes over which restarts of a local node are counted against restartLimit' }),
    restartDelaySec: int({ min: 1, max: 300, default: 2, help: 'seconds before a local node that exited is restarted; doubled for each further exit within restartWindowMin, at most 60 (or this, if larger)' }),
  },
});
