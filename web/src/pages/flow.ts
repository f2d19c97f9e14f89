// The call flow: an SVG sequence diagram (hosts as columns, one arrow per message in time
// order, requests solid and responses dashed, B2B legs tagged), a sticky header with the
// host names, exports, and the detail of the message whose arrow was chosen.
import { api, downloadExport, failureStatus, failureText } from '../api';
import { el, replace, svg } from '../dom';
import { COLUMN, HEADER, ROW, layoutFlow, type Arrow, type FlowLayout } from '../flow-layout';
import { navigate } from '../router';
import { heading, type Screen } from '../screen';
import { formatDelta, formatTime } from '../time';
import type { CallFlow, ExportFormat } from '../types';
import { messageDetail } from './message';

const LEG_COLOURS = 8;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function headerSvg(l: FlowLayout): SVGSVGElement {
  return svg('svg', { class: 'flow-head', width: l.width, height: HEADER, viewBox: `0 0 ${l.width} ${HEADER}`, role: 'img', 'aria-label': `hosts: ${l.columns.map((c) => c.label).join(', ')}` },
    svg('text', { x: 8, y: 34, class: 'gutter-head' }, 'leg · time · delta'),
    ...l.columns.map((c, i) => svg('g', { class: 'host', 'data-host': i },
      svg('title', null, c.aliased ? `${c.label} (${c.key})` : c.key),
      svg('rect', { x: c.x - COLUMN / 2 + 6, y: 6, width: COLUMN - 12, height: HEADER - 12, rx: 6 }),
      svg('text', { x: c.x, y: c.aliased ? 26 : 33, 'text-anchor': 'middle', class: 'host-label' }, clip(c.label, 20)),
      c.aliased ? svg('text', { x: c.x, y: 42, 'text-anchor': 'middle', class: 'host-key' }, clip(c.key, 26)) : null,
    )),
  );
}

function arrowShape(a: Arrow): SVGElement {
  const cls = `line kind-${a.kind}${a.dashed ? ' dashed' : ''}`;
  if (a.self) {
    return svg('path', { class: cls, d: `M ${a.x1} ${a.y - 8} h 36 v 14 h -32`, fill: 'none', 'marker-end': `url(#ah-${a.kind})` });
  }
  // Stop short of the lifeline so the arrowhead's tip touches it.
  const dir = a.x2 > a.x1 ? 1 : -1;
  return svg('line', { class: cls, x1: a.x1, y1: a.y, x2: a.x2 - dir * 2, y2: a.y, 'marker-end': `url(#ah-${a.kind})` });
}

function bodySvg(l: FlowLayout, flow: CallFlow, open: (i: number) => void): SVGSVGElement {
  const legs = flow.callIds.length;
  const kinds = ['request', 'provisional', 'success', 'redirect', 'failure', 'other'];
  const root = svg('svg', { class: 'flow-body', width: l.width, height: l.height, viewBox: `0 0 ${l.width} ${l.height}`, role: 'list', 'aria-label': 'messages in time order' },
    svg('defs', null, ...kinds.map((k) => svg('marker', { id: `ah-${k}`, class: `marker kind-${k}`, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse' },
      svg('path', { d: 'M 0 0 L 10 5 L 0 10 z' })))),
    ...l.columns.map((c) => svg('line', { class: 'lifeline', x1: c.x, y1: 0, x2: c.x, y2: l.height })),
  );
  for (const a of l.arrows) {
    const m = flow.messages[a.index];
    if (!m) continue; // the layout indexes flow.messages
    const src = flow.hosts[m.srcHost]?.label ?? '';
    const dst = flow.hosts[m.dstHost]?.label ?? '';
    const top = a.index * ROW;
    const labelX = a.self ? a.x1 + 42 : (a.x1 + a.x2) / 2;
    const g = svg('g', {
      class: `arrow kind-${a.kind}${a.dashed ? ' response' : ' request'}`,
      tabindex: '0', role: 'listitem',
      'aria-label': `${a.index + 1}: ${a.label}, ${src} to ${dst}, ${a.delta}${legs > 1 ? `, leg ${a.leg + 1}` : ''}`,
      'data-index': a.index, 'data-id': a.id, 'data-label': a.label, 'data-leg': a.leg, 'data-src': src, 'data-dst': dst,
    },
      svg('title', null, `${a.label} · ${src} → ${dst} · ${formatTime(m.ts)} · ${m.transport}`),
      svg('rect', { class: 'hit', x: 0, y: top, width: l.width, height: ROW }),
      svg('text', { class: 't-time', x: 36, y: a.y + 4 }, a.time),
      svg('text', { class: 't-delta', x: 152, y: a.y + 4 }, a.delta),
      legs > 1 ? svg('text', { class: `t-leg leg-c${a.leg % LEG_COLOURS}`, x: 8, y: a.y + 4 }, `L${a.leg + 1}`) : null,
      arrowShape(a),
      svg('text', { class: 't-label', x: labelX, y: a.y - 6, 'text-anchor': a.self ? 'start' : 'middle' }, clip(a.label, 44)),
    );
    g.addEventListener('click', () => open(a.index));
    g.addEventListener('keydown', (e) => {
      const k = e.key;
      if (k === 'Enter' || k === ' ') {
        e.preventDefault();
        open(a.index);
      } else if (k === 'ArrowDown' || k === 'ArrowUp') {
        e.preventDefault();
        const next = root.querySelector<SVGGElement>(`g.arrow[data-index="${a.index + (k === 'ArrowDown' ? 1 : -1)}"]`);
        next?.focus();
      }
    });
    root.appendChild(g);
  }
  return root;
}

/** /call/:callId?at=µs&legs=0&msg=id */
export function renderFlowPage(screen: Screen): void {
  const { main, route } = screen;
  const callId = route.params.id ?? '';
  const at = route.query.get('at');
  const legs = route.query.get('legs') !== '0';
  heading(main, 'Call flow', el('h1', null, 'Call flow ', el('span', { class: 'callid-title' }, callId)));
  const box = el('div', null, el('p', { class: 'muted' }, 'Assembling the call flow…'));
  const detail = el('div', { class: 'flow-detail', 'aria-live': 'polite' });
  main.append(box, detail);

  const setParam = (name: string, value: string | null) => {
    const q = new URLSearchParams(location.search);
    if (value === null) q.delete(name);
    else q.set(name, value);
    return `${location.pathname}?${q}`;
  };

  api.call(callId, at, legs).then((flow) => {
    const layout = layoutFlow(flow);
    let selected: SVGGElement | null = null;
    const open = (i: number, fromUrl = false) => {
      const m = flow.messages[i];
      if (!m) return;
      selected?.classList.remove('selected');
      selected = body.querySelector<SVGGElement>(`g.arrow[data-index="${i}"]`);
      selected?.classList.add('selected');
      if (!fromUrl) navigate(setParam('msg', m.id), { replace: true, quiet: true });
      replace(detail, el('p', { class: 'muted' }, 'Loading the message…'));
      api.message(m.id).then(
        (d) => {
          replace(detail, messageDetail(d, { flowLink: false, onTitle: (h) => h.setAttribute('tabindex', '-1') }));
          if (!fromUrl) detail.scrollIntoView({ block: 'nearest' });
        },
        (err: unknown) => replace(detail, el('p', { class: 'error', role: 'alert' }, `Could not load the message: ${failureText(err)}`)),
      );
    };
    const body = bodySvg(layout, flow, (i) => open(i));
    const first = flow.messages[0];
    const last = flow.messages.at(-1);
    const exportNote = el('span', { class: 'muted small', role: 'status' });
    const exportButton = (format: ExportFormat, label: string) => el('button', {
      type: 'button',
      on: {
        click: () => {
          replace(exportNote, `preparing ${label}…`);
          downloadExport({ callId, at: at ?? first?.ts ?? null, legs }, format).then((n) => replace(exportNote, `downloaded ${n}`), (err: unknown) => replace(exportNote, el('span', { class: 'error' }, `Export failed: ${failureText(err)}`)));
        },
      },
    }, label);
    const failed = flow.messages.find((m) => m.status !== null && m.status >= 400);
    replace(box,
      el('div', { class: 'flow-summary' },
        el('p', null,
          `${flow.messages.length} messages · ${flow.hosts.length} hosts · `,
          first ? `from ${formatTime(first.ts)}` : '',
          first && last ? ` · lasted ${formatDelta(last.sinceStartMicros, '')}` : '',
          failed ? el('strong', { class: 'fail' }, ` · failed: ${failed.label} (message ${flow.messages.indexOf(failed) + 1})`) : null,
        ),
        el('ol', { class: 'legs', 'aria-label': 'legs' }, ...flow.callIds.map((id, i) => el('li', { class: `leg leg-c${i % LEG_COLOURS}` }, el('span', { class: 'leg-tag' }, `L${i + 1}`), ' ', id))),
        flow.truncated
          ? el('p', { class: 'warning truncated', role: 'alert' },
            `Not the whole call: ${flow.truncated.callIds.join(', ')} had more messages on a day than one call view reads (${flow.truncated.maxRows.toLocaleString('en')} messages or ${Math.round(flow.truncated.maxBytes / 2 ** 20)} MiB); only the oldest are shown, and exports hold the same.`)
          : null,
        el('p', { class: 'actions' },
          el('span', { role: 'group', 'aria-label': 'export this call', class: 'exports' }, 'Export call: ', exportButton('pcap', 'pcap'), exportButton('text', 'text'), exportButton('json', 'JSON'), exportNote),
          el('label', { class: 'check' }, el('input', { type: 'checkbox', checked: legs, on: { change: (e) => navigate(setParam('legs', (e.target as HTMLInputElement).checked ? null : '0')) } }), ' Include B2B legs'),
          el('span', { class: 'legend muted small' }, el('span', { class: 'key-req' }, '—— request'), ' ', el('span', { class: 'key-resp' }, '- - - response'), ' · click or press Enter on an arrow to open it'),
        ),
      ),
      el('div', { class: 'flow-scroll', tabindex: '-1' },
        el('div', { class: 'flow-sticky' }, headerSvg(layout)),
        body,
      ),
    );
    const wanted = route.query.get('msg');
    const wantedIndex = wanted ? flow.messages.findIndex((m) => m.id === wanted) : -1;
    if (wantedIndex >= 0) open(wantedIndex, true);
  }, (err: unknown) => {
    replace(box, el('p', { class: 'error', role: 'alert' }, failureStatus(err) === 404
      ? `No message of Call-ID "${callId}" was found within a day of ${at ? formatTime(at) : 'now'}. It may have expired, or the link lacks the time of the call.`
      : `Could not assemble the call flow: ${failureText(err)}`));
  });
}
