// Checks that the keyspace has a schema before a role uses it.
import type cassandra from 'cassandra-driver';

/** The highest applied schema version; throws a clear error when there is none. */
export async function schemaVersion(client: cassandra.Client, keyspace: string): Promise<number> {
  try {
    const rs = await client.execute(`SELECT version FROM ${keyspace}.schema_migrations`);
    const versions = rs.rows.map((r) => r.get('version') as number);
    if (versions.length) return Math.max(...versions);
  } catch {
    // fall through: table missing
  }
  throw new Error(`keyspace ${keyspace} has no siptrail schema: run "siptrail migrate" first`);
}
