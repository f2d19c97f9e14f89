// The storage health contract: whether the store answers right now. The storage monitor
// (http/storage-monitor.ts) polls it; /health and GET /api/v1/status report what it saw.

/** The answer of one check: ok, or why not. */
export type Health = { ok: true } | { ok: false; reason: string };

/** Answers whether the process can do its job (for a store: whether storage answers); the reason is shown when it cannot. */
export type HealthCheck = () => Promise<Health>;
