// Prometheus metrics of one process (prom-client), exposed at /metrics by every role.
import { Registry, collectDefaultMetrics } from 'prom-client';

/** A registry with Node's process metrics (CPU, memory, event-loop lag) already in it. */
export function createRegistry(role: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ role });
  collectDefaultMetrics({ register: registry, prefix: 'siptrail_' });
  return registry;
}
