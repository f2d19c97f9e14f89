// The results table: one row per message (or per call when collapsed), coloured by call,
// sortable by any column. Every cell is text; times link to the message, Call-IDs to the flow.
import { el } from '../dom';
import { callColours, collapseByCall, methodOrReply, parseSort, sortRows, type SortKey } from '../results-model';
import { callUrl, messageUrl } from '../router';
import { formatUtc, showTime } from '../time';
import type { MessageSummary } from '../types';

/** How to name an endpoint: alias, or ip:port. */
export type Namer = (ip: string, port: number) => { text: string; title: string };

const COLUMNS: Array<[SortKey | null, string]> = [
  ['time', 'Time'], ['method', 'Method / reply'], ['from', 'From user'], ['to', 'To user'],
  ['src', 'Source → destination'], ['callId', 'Call-ID'], ['location', 'Location'],
];

function timeCell(m: MessageSummary): HTMLElement {
  const t = showTime(m.ts);
  return el('td', { class: 'time' },
    el('a', { href: messageUrl(m.id), title: `${formatUtc(m.ts)} — open this message` }, `${t.date} `, el('strong', null, t.time)),
    el('span', { class: 'zone-tag' }, ` ${t.zone}`),
  );
}

function route(m: MessageSummary, name: Namer): HTMLElement {
  const src = name(m.srcIp, m.srcPort);
  const dst = name(m.dstIp, m.dstPort);
  return el('td', { class: 'route' }, el('span', { title: src.title }, src.text), el('span', { class: 'arrow', 'aria-label': 'to' }, ' → '), el('span', { title: dst.title }, dst.text));
}

function replyClass(status: number | null): string {
  return status === null ? 'req' : status >= 400 ? 'fail' : status >= 300 ? 'redir' : status >= 200 ? 'ok' : 'prov';
}

/** Draws the table into a fresh element. `onSort` gets the new "column:dir". */
export function resultsTable(rows: MessageSummary[], opts: { collapse: boolean; sort: string; name: Namer; onSort: (sort: string) => void }): HTMLElement {
  const colours = callColours(rows);
  const sort = parseSort(opts.sort);
  const plainName = (ip: string, port: number) => opts.name(ip, port).text;
  const headRow = el('tr', null, ...COLUMNS.map(([key, label]) => {
    if (!key) return el('th', { scope: 'col' }, label);
    const active = sort?.key === key;
    const next = active && sort.dir === 'asc' ? `${key}:desc` : `${key}:asc`;
    return el('th', { scope: 'col', 'aria-sort': active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none' },
      el('button', { type: 'button', class: 'sort', on: { click: () => opts.onSort(next) }, title: `Sort by ${label.toLowerCase()}` }, label, el('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : '')));
  }));
  if (opts.collapse) headRow.appendChild(el('th', { scope: 'col' }, 'Messages'));
  const body = el('tbody');
  if (opts.collapse) {
    const lines = collapseByCall(rows);
    const byFirst = new Map(lines.map((l) => [l.first, l]));
    for (const first of sortRows(lines.map((l) => l.first), opts.sort, plainName)) {
      const l = byFirst.get(first);
      if (!l) continue; // sortRows returns the same rows it was given
      body.appendChild(el('tr', { class: ['call', `call-c${colours.get(l.callId) ?? 0}`], 'data-call-id': l.callId },
        timeCell(l.first),
        el('td', { class: l.failed ? 'fail' : 'ok' }, l.outcome),
        el('td', null, l.first.fromUser ?? ''),
        el('td', null, l.first.toUser ?? ''),
        route(l.first, opts.name),
        el('td', { class: 'callid' }, el('a', { href: callUrl(l.callId, l.first.ts), title: 'open the call flow' }, l.callId)),
        el('td', null, l.locations.join(', ')),
        el('td', { class: 'num' }, String(l.count)),
      ));
    }
  } else {
    for (const m of sortRows(rows, opts.sort, plainName)) {
      body.appendChild(el('tr', { class: ['msg', `call-c${colours.get(m.callId) ?? 0}`], 'data-call-id': m.callId, 'data-id': m.id },
        timeCell(m),
        el('td', { class: replyClass(m.status) }, methodOrReply(m)),
        el('td', null, m.fromUser ?? ''),
        el('td', null, m.toUser ?? ''),
        route(m, opts.name),
        el('td', { class: 'callid' }, el('a', { href: callUrl(m.callId, m.ts), title: 'open the call flow' }, m.callId)),
        el('td', null, m.location),
      ));
    }
  }
  return el('div', { class: 'table-wrap' }, el('table', { class: 'results' }, el('thead', null, headRow), body));
}
