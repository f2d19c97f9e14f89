// Prometheus counters of the search work a query node does: store reads, and answers by
// how they ended. A client that leaves mid-search shows as `cancelled`, and its reads stop.
import { Counter, type Registry } from 'prom-client';
import type { SearchResult } from './search-service.js';

/** What the search service reports as it works. */
export interface SearchMetrics {
  /** One store read started. */
  read(): void;
  /** One search answered. */
  answered(r: Pick<SearchResult, 'stop' | 'missing'>): void;
}

/** SearchMetrics on prom-client counters in `registry`. */
export function searchMetrics(registry: Registry): SearchMetrics {
  const registers = [registry];
  const reads = new Counter({ name: 'siptrail_search_reads_total', help: 'store reads (CQL requests, each page counted) made by searches', registers });
  const answers = new Counter({ name: 'siptrail_search_answers_total', help: 'searches answered, by how they ended: complete, limit (a next page follows), reads/rows/deadline (budget spent), cancelled (client gone)', labelNames: ['end'], registers });
  const missing = new Counter({ name: 'siptrail_search_missing_ranges_total', help: 'time ranges a search could not read (a failed or timed-out partition read), reported to the caller', registers });
  return {
    read: () => reads.inc(),
    answered: (r) => {
      answers.inc({ end: r.stop ?? 'complete' });
      if (r.missing.length) missing.inc(r.missing.length);
    },
  };
}
