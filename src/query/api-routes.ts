// The query API routes (search, messages, calls, exports, aliases, locations, OpenAPI),
// each registered through the OpenAPI validator: what reaches a handler is valid.
import Router from '@koa/router';
import type { Context } from 'koa';
import { dayOf, type MessageReader, type MessageRow } from '../store/types.js';
import type { Alias, Directory } from '../store/directory.js';
import { runBounded } from '../util/run-bounded.js';
import { openapiDocument } from './api/openapi.js';
import { createValidator, requiredValid, route, type RequestValidator } from './api/validate.js';
import { jsonBody } from './auth/json-body.js';
import { requireAdmin, requireUser } from './auth/middleware.js';
import { exportJson, exportPcap, exportText } from './export/index.js';
import { CallService } from './call-service.js';
import { parseMessageId } from './message-id.js';
import { parseTime, type SearchRequest } from './search-request.js';
import { SearchService, type SearchResult } from './search-service.js';
import type { SearchResponse } from './api/wire-types.js';
import { toDetail, toSummary } from './views.js';

type Format = 'pcap' | 'text' | 'json';
const CONTENT: Record<Format, string> = { pcap: 'application/vnd.tcpdump.pcap', text: 'text/plain; charset=utf-8', json: 'application/json' };

function refuse(ctx: Context, status: number, error: string): void {
  ctx.status = status;
  ctx.body = { error };
}

function download(ctx: Context, rows: MessageRow[], format: Format, name: string): void {
  ctx.set('Content-Disposition', `attachment; filename="${name.replace(/[^\w.-]/g, '_').slice(0, 80)}.${format === 'text' ? 'txt' : format}"`);
  ctx.type = CONTENT[format];
  ctx.body = format === 'pcap' ? exportPcap(rows) : format === 'text' ? exportText(rows) : exportJson(rows);
}

/** Aborts when the client closes the connection before the answer is sent, so its search stops reading. */
function clientGone(ctx: Context): AbortSignal {
  const gone = new AbortController();
  ctx.res.once('close', () => {
    if (!ctx.res.writableFinished) gone.abort();
  });
  return gone.signal;
}

const micros = (v: bigint) => v.toString();

/** The wire form of a search answer (SearchResponse). */
function searchResponse(r: SearchResult): SearchResponse {
  return {
    messages: r.rows.map(toSummary),
    cursor: r.cursor,
    complete: r.complete,
    stop: r.stop,
    searched: r.searched ? { from: micros(r.searched.fromMicros), to: micros(r.searched.toMicros) } : null,
    missing: r.missing.map((m) => ({ from: micros(m.fromMicros), to: micros(m.toMicros), reason: m.reason })),
    reads: r.reads,
    scanned: r.scanned,
    elapsedMs: r.elapsedMs,
  };
}

function atOf(q: Record<string, unknown>): bigint {
  const at = typeof q.at === 'string' ? parseTime(q.at) : null;
  return at && at.ok ? at.value : BigInt(Date.now()) * 1000n;
}

/** Every /api/v1 route of the query tier except login and users (see auth/routes.ts). */
export function apiRoutes(reader: MessageReader, dir: Pick<Directory, 'putAlias' | 'deleteAlias' | 'locations'>, aliases: () => Promise<Alias[]>, onAliasChange: () => void, v: RequestValidator = createValidator(openapiDocument, { parseBody: jsonBody }), search = new SearchService(reader), calls = new CallService(reader, aliases)): Router {
  const router = new Router({ prefix: '/api/v1' });

  route(router, v, 'get', '/openapi.json', (ctx) => {
    ctx.body = openapiDocument;
  });

  route(router, v, 'post', '/search', requireUser, async (ctx) => {
    const r = await search.search(requiredValid(ctx).body as SearchRequest, undefined, { signal: clientGone(ctx) });
    if (!r.ok) {
      refuse(ctx, 400, r.detail);
      return;
    }
    ctx.body = searchResponse(r.value);
  });

  route(router, v, 'get', '/messages/{id}', requireUser, async (ctx) => {
    const key = parseMessageId(String(requiredValid(ctx).params.id));
    if (!key) {
      refuse(ctx, 400, 'path.id: not a message id');
      return;
    }
    const row = await reader.getMessage(key.day, key.callId, key.ts, key.id);
    if (!row) {
      refuse(ctx, 404, 'no such message (expired, or never stored)');
      return;
    }
    ctx.body = toDetail(row);
  });

  route(router, v, 'get', '/calls/{callId}', requireUser, async (ctx) => {
    const { params, query } = requiredValid(ctx);
    const flow = await calls.flow(String(params.callId), atOf(query), query.legs !== false, query.unique !== false);
    if (!flow) {
      refuse(ctx, 404, 'no message of this Call-ID within a day of the time asked for');
      return;
    }
    ctx.body = flow;
  });

  route(router, v, 'get', '/calls/{callId}/export', requireUser, async (ctx) => {
    const { params, query } = requiredValid(ctx);
    const r = await calls.rows(String(params.callId), atOf(query), query.legs !== false);
    const rows = r.legs.flatMap((l) => l.rows);
    if (rows.length === 0) {
      refuse(ctx, 404, 'no message of this Call-ID within a day of the time asked for');
      return;
    }
    // A call cut at the cap is exported as far as it was read, and says so.
    if (r.truncated.length) ctx.set('Siptrail-Call-Truncated', r.truncated.map((c) => encodeURIComponent(c)).join(','));
    download(ctx, rows, query.format as Format, `call-${String(params.callId)}`);
  });

  route(router, v, 'post', '/export', requireUser, async (ctx) => {
    const body = requiredValid(ctx).body as { search: SearchRequest; format: Format };
    const r = await search.search(body.search, undefined, { signal: clientGone(ctx) });
    if (!r.ok) {
      refuse(ctx, 400, r.detail);
      return;
    }
    // An export of a partial search says so: the rows are only what the budget reached.
    ctx.set('Siptrail-Search-Complete', String(r.value.complete));
    if (r.value.stop) ctx.set('Siptrail-Search-Stop', r.value.stop);
    // Search rows carry no payload: read each message whole, a bounded number at a time.
    const full = await runBounded(r.value.rows.map((row) => () => reader.getMessage(dayOf(row.ts), row.callId, row.ts, row.id)), 32);
    download(ctx, full.filter((x): x is MessageRow => x !== null), body.format, 'siptrail-search');
  });

  route(router, v, 'get', '/aliases', requireUser, async (ctx) => {
    ctx.body = await aliases();
  });
  route(router, v, 'put', '/aliases', requireAdmin, async (ctx) => {
    const b = requiredValid(ctx).body as { ip: string; port?: number; name: string };
    const alias = { ip: b.ip, port: b.port ?? null, name: b.name };
    await dir.putAlias(alias);
    onAliasChange();
    ctx.body = alias;
  });
  route(router, v, 'delete', '/aliases/{ip}', requireAdmin, async (ctx) => {
    const { params, query } = requiredValid(ctx);
    await dir.deleteAlias(String(params.ip), typeof query.port === 'number' ? query.port : null);
    onAliasChange();
    ctx.status = 204;
  });
  route(router, v, 'get', '/locations', requireUser, async (ctx) => {
    ctx.body = await dir.locations();
  });
  return router;
}
