// Message detail: every parsed field and the raw message in a monospace block, all as text
// (the payload is attacker-controlled), with copy buttons. Used as a page and in the flow.
import { api, failureStatus, failureText } from '../api';
import { copyButton } from '../copy';
import { el, replace } from '../dom';
import { DETAIL_LABELS } from '../fields';
import { methodOrReply } from '../results-model';
import { callUrl } from '../router';
import { heading, type Screen } from '../screen';
import { formatTime, formatUtc } from '../time';
import type { MessageDetail } from '../types';

function valueText(key: string, v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (key === 'ts' && typeof v === 'string') return `${formatTime(v)}  (${formatUtc(v)})`;
  if (Array.isArray(v)) return v.length ? v.join(', ') : null;
  if (typeof v === 'object') return JSON.stringify(v);
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : null;
}

/** The fields and raw text of one message. */
export function messageDetail(d: MessageDetail, opts: { titleLevel?: 'h1' | 'h2'; onTitle?: (h: HTMLElement) => void; flowLink?: boolean } = {}): HTMLElement {
  const known = new Set<string>(DETAIL_LABELS.map(([k]) => k));
  const rows: Array<[string, string, string | null]> = DETAIL_LABELS.map(([k, label]) => [k, label, valueText(k, d[k])]);
  for (const [name, value] of Object.entries(d.extra)) rows.push([`extra.${name}`, `Header ${name}`, value]);
  // Any field a newer server sends follows, by name.
  for (const [k, v] of Object.entries(d)) if (!known.has(k) && !['extra', 'payload'].includes(k)) rows.push([k, k, valueText(k, v)]);
  const title = el(opts.titleLevel ?? 'h2', { class: 'detail-title' }, `${methodOrReply(d)} `, el('span', { class: 'muted' }, formatTime(d.ts)));
  opts.onTitle?.(title);
  return el('article', { class: 'detail', 'aria-label': 'message detail' },
    title,
    el('p', { class: 'actions' },
      opts.flowLink === false ? null : el('a', { href: callUrl(d.callId, d.ts), class: 'button' }, 'Open call flow'),
      copyButton('Copy Call-ID', () => d.callId),
      copyButton('Copy fields as JSON', () => JSON.stringify(Object.fromEntries(Object.entries(d).filter(([k]) => k !== 'payload')), null, 2)),
    ),
    el('div', { class: 'detail-grid' },
      el('table', { class: 'fields' },
        el('caption', null, 'Parsed fields'),
        el('tbody', null, ...rows.map(([k, label, v]) => el('tr', { 'data-field': k },
          el('th', { scope: 'row' }, label),
          el('td', { class: v === null ? 'muted' : '' }, v ?? '—'),
        ))),
      ),
      el('section', { class: 'raw-box', 'aria-label': 'raw message' },
        el('div', { class: 'raw-head' }, el('h3', null, `Raw message (${new TextEncoder().encode(d.payload).length} bytes)`), copyButton('Copy message', () => d.payload)),
        el('pre', { class: 'raw', tabindex: '0' }, d.payload),
      ),
    ),
  );
}

/** /message/:id */
export function renderMessagePage(screen: Screen): void {
  const { main, route } = screen;
  const id = route.params.id ?? '';
  heading(main, 'Message', el('h1', { class: 'visually-hidden' }, 'Message'));
  const box = el('div', null, el('p', { class: 'muted' }, 'Loading the message…'));
  main.append(el('p', null, el('button', { type: 'button', class: 'link-button', on: { click: () => history.back() } }, '← Back')), box);
  api.message(id).then(
    (d) => replace(box, messageDetail(d)),
    (err: unknown) => replace(box, el('p', { class: 'error', role: 'alert' },
      failureStatus(err) === 404 ? 'This message is no longer stored (it expired) or was never captured.' : `Could not load the message: ${failureText(err)}`)),
  );
}
