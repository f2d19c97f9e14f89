// The cassandra-driver Client, built from the config: every contact point, the local
// data centre, BigInt for bigint columns, and a clear one-line error when no node answers.
// The contact points are given (cassandra.contactPoints): in cassandra.mode=local the
// composition root fills them in from the local launcher before anything connects.
import cassandra from 'cassandra-driver';
import type { CassandraConfig, Consistency } from '../../config/types.js';

/** Cassandra is not reachable or refused us; the message says which nodes and why. */
export class CassandraUnavailable extends Error {
  override name = 'CassandraUnavailable';
}

/** The driver's numeric consistency for a configured name. */
export function consistencyOf(name: Consistency): number {
  return cassandra.types.consistencies[name.charAt(0).toLowerCase() + name.slice(1).toLowerCase().replace(/_(\w)/g, (_, c: string) => c.toUpperCase()) as keyof typeof cassandra.types.consistencies];
}

// The driver prepares a statement on the first host of the plan that it still thinks is
// up; right after that host dies its pool is empty but the host is not yet marked down,
// and the prepare fails with this plain Error instead of moving to the next host.
const EMPTY_POOL = 'No connection available';
const EMPTY_POOL_RETRIES = 20;
const EMPTY_POOL_WAIT_MS = 250;

/** True when the driver failed only because a dying host's pool was already empty. */
export function isEmptyPool(err: unknown): boolean {
  return err instanceof Error && err.message === EMPTY_POOL;
}

/** Runs `op` up to `tries` times, waiting `waitMs` after each failure that `retryable` accepts. */
export async function retryWhile<T>(op: () => Promise<T>, retryable: (err: unknown) => boolean, tries: number, waitMs: number): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await op();
    } catch (err) {
      if (!retryable(err) || i >= tries) throw err;
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
}

/** Runs `op`, again after a short wait while it fails with the empty-pool quirk. */
export function retryEmptyPool<T>(op: () => Promise<T>, tries = EMPTY_POOL_RETRIES, waitMs = EMPTY_POOL_WAIT_MS): Promise<T> {
  return retryWhile(op, isEmptyPool, tries, waitMs);
}

/** A driver Client whose promise-style execute and batch ride out a node's death (every statement is idempotent). */
class SiptrailClient extends cassandra.Client {
  override execute(...args: unknown[]): never {
    const sup = super.execute.bind(this) as (...a: unknown[]) => Promise<cassandra.types.ResultSet>;
    if (typeof args[args.length - 1] === 'function') return sup(...args) as never;
    return retryEmptyPool(() => sup(...args)) as never;
  }

  override batch(...args: unknown[]): never {
    const sup = super.batch.bind(this) as (...a: unknown[]) => Promise<cassandra.types.ResultSet>;
    if (typeof args[args.length - 1] === 'function') return sup(...args) as never;
    return retryEmptyPool(() => sup(...args)) as never;
  }
}

/** Creates and connects a client; throws CassandraUnavailable instead of a driver stack. */
export async function connectCassandra(cfg: CassandraConfig, keyspace?: string): Promise<cassandra.Client> {
  const points = cfg.contactPoints;
  const client = new SiptrailClient({
    contactPoints: points,
    localDataCenter: cfg.localDataCenter,
    keyspace,
    credentials: cfg.username ? { username: cfg.username, password: cfg.password } : undefined,
    encoding: { useBigIntAsLong: true, useBigIntAsVarint: true },
    // Every statement siptrail runs is idempotent (deterministic keys, no counters), so the
    // driver may retry any of them on another node when one dies mid-request.
    queryOptions: { consistency: consistencyOf(cfg.readConsistency), prepare: true, isIdempotent: true },
    socketOptions: { connectTimeout: Math.min(cfg.connectTimeoutMs, 10_000), readTimeout: 12_000 },
    // Come back quickly after an outage: the capture spool replays as soon as a node answers.
    policies: { reconnection: new cassandra.policies.reconnection.ExponentialReconnectionPolicy(500, 5000, false) },
    pooling: { coreConnectionsPerHost: { [cassandra.types.distance.local]: 2, [cassandra.types.distance.remote]: 1 } },
  });
  const deadline = Date.now() + cfg.connectTimeoutMs;
  let last: unknown;
  for (;;) {
    try {
      await client.connect();
      return client;
    } catch (err) {
      last = err;
      if (Date.now() + 1000 > deadline) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  await client.shutdown().catch(() => undefined);
  const why = last instanceof Error ? last.message.split('\n')[0] : String(last);
  throw new CassandraUnavailable(`Cassandra unreachable at ${points.join(', ')} after ${Math.round(cfg.connectTimeoutMs / 1000)}s: ${why}`);
}
