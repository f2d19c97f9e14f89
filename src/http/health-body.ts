// What /health says when storage is down: since when and why, and what the supervisor of
// the local Cassandra nodes is doing about it (restarting, gave up). Pure: built from the
// storage monitor's and the supervisor's state.
import type { StorageView, SupervisedNodeView } from '../query/status-body.js';

/** One supervised node in a line: "restarting; 1 restart; last exit: killed by SIGKILL". */
export function nodeLine(n: SupervisedNodeView): string {
  const state = {
    running: `running${n.pid ? ` (pid ${n.pid})` : ''}`,
    waiting: 'waiting to be restarted',
    restarting: 'restarting',
    stopped: 'stopped on purpose, not restarted',
    'gave-up': 'NOT restarted any more',
  }[n.state];
  const parts = [state, `${n.restarts} restart${n.restarts === 1 ? '' : 's'} by this process`];
  if (n.gaveUp) parts.push(`gave up after ${n.gaveUp}`);
  else if (n.lastExit) parts.push(`last exit: ${n.lastExit}`);
  return `cassandra node ${n.node}: ${parts.join('; ')}`;
}

/** The health answer: ok while storage is up; else the reason /health shows after "unavailable: ". */
export function storageHealth(storage: StorageView, nodes: SupervisedNodeView[] | null): { ok: true } | { ok: false; reason: string } {
  if (storage.up) return { ok: true };
  const head = `storage: down since ${storage.downSince ?? 'unknown'} (${storage.reason ?? 'no reason given'})`;
  return { ok: false, reason: [head, ...(nodes ?? []).map(nodeLine)].join('\n') };
}
