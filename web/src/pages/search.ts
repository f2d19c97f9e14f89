// The search screen: the form, then the results of the search the URL describes, paged
// with the API's cursor, with the view options (one line per call, sort) and exports.
// Each page is gathered in short slices (search-progress.ts): rows show as they come, with
// how much of the range is searched, a Stop button, and "Continue searching" when the
// search stopped before the range's end; reads that failed are named in a warning line.
import { api, ApiError, downloadExport, failureText } from '../api';
import { aliasLookup, endpoint } from '../aliases';
import { el, replace, type Child } from '../dom';
import { navigate } from '../router';
import { heading, type Screen } from '../screen';
import { stateFromParams, stateToParams, toRequest, type SearchState } from '../search-state';
import { formatTime } from '../time';
import type { ExportFormat, MessageSummary, SearchRequest } from '../types';
import { addSlice, AUTO_MS, AUTO_SLICES, searchedShare, sliceRequest, startGathering, stopText, type Gathered } from '../search-progress';
import { resultsTable, type Namer } from './results';
import { searchForm } from './search-form';

/** Draws the search screen for the route's query string, and runs the search it holds. */
export function renderSearch(screen: Screen): void {
  const { main, route } = screen;
  const { state, submitted } = stateFromParams(route.query);
  heading(main, 'Search', el('h1', null, 'Search calls'));
  const results = el('section', { class: 'results-area', 'aria-label': 'results', 'aria-live': 'polite' });
  const f = searchForm(state, (next) => {
    next.sort = '';
    const url = `/search?${stateToParams(next)}`;
    // The same search again refreshes the results without a second history entry.
    navigate(url, { quiet: true, replace: url === location.pathname + location.search });
    void run(next);
  });
  main.append(f.form, results);

  let namer: Namer = (ip, port) => ({ text: endpoint(ip, port), title: endpoint(ip, port) });
  const aliasesLoaded = api.aliases().then(
    (list) => {
      const find = aliasLookup(list);
      namer = (ip, port) => {
        const key = endpoint(ip, port);
        const name = find(ip, port);
        return name ? { text: name, title: key } : { text: key, title: key };
      };
    },
    () => undefined,
  );

  // Pages already seen: cursors[i] fetched page i (null for the first).
  let cursors: Array<string | null> = [null];
  let page = 0;
  let rows: MessageSummary[] = [];
  let nextCursor: string | null = null;
  let gathered: Gathered = startGathering(null);
  let running: AbortController | null = null;
  let current: SearchState = state;
  let request: SearchRequest | null = null;
  let generation = 0;

  const status = (...children: Child[]) => replace(results, el('div', { class: 'status' }, ...children));

  async function run(s: SearchState, pageIndex = 0, resume: Gathered | null = null): Promise<void> {
    current = s;
    const r = toRequest(s);
    if (!r.ok) {
      status(el('p', { class: 'error', role: 'alert' }, r.error));
      return;
    }
    request = r.request;
    if (pageIndex === 0 && !resume) cursors = [null];
    running?.abort();
    const mine = ++generation;
    const control = new AbortController();
    running = control;
    page = pageIndex;
    gathered = resume ?? startGathering(cursors[pageIndex] ?? null);
    rows = gathered.rows;
    nextCursor = null;
    results.setAttribute('aria-busy', 'true');
    if (!resume) status(el('p', { class: 'muted' }, 'Searching…'));
    const started = Date.now();
    const firstSlice = gathered.slices;
    try {
      await aliasesLoaded;
      do {
        const res = await api.search(sliceRequest(request, gathered, s.limit), control.signal);
        if (mine !== generation) return;
        gathered = addSlice(gathered, res, s.limit);
        rows = gathered.rows;
        if (!gathered.full) draw(true);
      } while (!gathered.full && !control.signal.aborted && Date.now() - started < AUTO_MS && gathered.slices - firstSlice < AUTO_SLICES);
      if (mine !== generation) return;
      nextCursor = gathered.full ? gathered.cursor : null;
      if (nextCursor !== null) cursors[page + 1] = nextCursor;
      draw(false);
    } catch (err) {
      if (mine !== generation) return;
      if (control.signal.aborted) {
        // Stopped by the user: keep what came, offer to go on.
        gathered = { ...gathered, stop: 'cancelled' };
        draw(false);
        return;
      }
      const e = err as ApiError;
      status(el('p', { class: 'error', role: 'alert' },
        e.status === 400 ? `The server refused this search: ${e.message}.` : e.status === 0 ? `The search did not reach the server: ${e.message}.` : `The search failed (${e.status}): ${e.message}.`));
    } finally {
      if (mine === generation) {
        results.removeAttribute('aria-busy');
        running = null;
      }
    }
  }

  /** The line that says how much of the range is searched, and what was not. */
  function progressLines(searching: boolean): HTMLElement[] {
    const out: HTMLElement[] = [];
    const g = gathered;
    const from = request?.from ? BigInt(Date.parse(request.from)) * 1000n : 0n;
    const to = request?.to ? BigInt(Date.parse(request.to)) * 1000n : 0n;
    const pct = Math.floor(searchedShare(g, from, to) * 100);
    const reached = g.searchedFrom ? `searched back to ${formatTime(g.searchedFrom)}` : 'nothing searched yet';
    if (searching) {
      out.push(el('p', { class: 'progress', role: 'status' }, `Searching… ${reached} (${pct} % of the range), ${g.rows.length} found so far `,
        el('button', { type: 'button', on: { click: () => running?.abort() } }, 'Stop')));
    } else if (!g.full && g.cursor !== null) {
      out.push(el('p', { class: 'warning partial', role: 'status' },
        `Not the whole range: the search stopped because ${stopText(g.stop)}; ${reached} (${pct} % of the range). `,
        el('button', { type: 'button', on: { click: () => void run(current, page, { ...gathered, stop: null }) } }, 'Continue searching')));
    }
    if (g.missing.length) {
      const list = g.missing.slice(0, 5).map((m) => `${formatTime(m.from)} – ${formatTime(m.to)} (${m.reason})`).join('; ');
      out.push(el('p', { class: 'warning missing', role: 'alert' }, `Not searched, because reading failed: ${list}${g.missing.length > 5 ? ` and ${g.missing.length - 5} more` : ''}. Matches in these times are not shown; search them again later.`));
    }
    return out;
  }

  function setView(change: Partial<SearchState>): void {
    current = { ...current, ...change };
    navigate(`/search?${stateToParams(current)}`, { replace: true, quiet: true });
    draw(running !== null);
  }

  function exportButtons(): HTMLElement {
    const note = el('span', { class: 'muted small', role: 'status' });
    const button = (format: ExportFormat, label: string) => el('button', {
      type: 'button',
      on: {
        click: () => {
          if (!request) return;
          replace(note, `preparing ${label}…`);
          downloadExport({ search: request }, format).then((name) => replace(note, `downloaded ${name}`), (err: unknown) => replace(note, el('span', { class: 'error' }, `Export failed: ${failureText(err)}`)));
        },
      },
    }, label);
    return el('span', { class: 'exports', role: 'group', 'aria-label': 'export the result set' }, 'Export results: ', button('pcap', 'pcap'), button('text', 'text'), button('json', 'JSON'), note);
  }

  function draw(searching = false): void {
    if (!request?.from || !request.to) return; // the form always sets both
    const range = `${formatTime(`${BigInt(Date.parse(request.from)) * 1000n}`)} and ${formatTime(`${BigInt(Date.parse(request.to)) * 1000n}`)}`;
    const whole = gathered.full && gathered.missing.length === 0;
    if (rows.length === 0 && (searching || !whole)) {
      replace(results, el('div', { class: 'status' }, ...progressLines(searching)));
      return;
    }
    if (rows.length === 0) {
      replace(results, el('div', { class: 'status empty' },
        el('h2', null, page === 0 ? 'No messages found' : 'No more messages'),
        el('p', null, `Nothing matched between ${range}${request.locations?.length ? ` at ${request.locations.join(', ')}` : ' at any location'}.`),
        el('p', { class: 'muted' }, `Check the number (patterns like 0211* match prefixes), widen the time range or pick the right date${request.op === 'or' ? '' : ', or combine the fields with OR instead of AND'}.`),
        page > 0 ? el('button', { type: 'button', on: { click: () => void run(current, page - 1) } }, 'Back to the previous page') : null,
      ));
      return;
    }
    const calls = new Set(rows.map((r) => r.callId)).size;
    const first = page * current.limit + 1;
    const collapse = el('input', { id: 'v-collapse', type: 'checkbox', checked: current.collapse, on: { change: (e) => setView({ collapse: (e.target as HTMLInputElement).checked }) } });
    const pager = el('nav', { class: 'pager', 'aria-label': 'pages' },
      el('button', { type: 'button', disabled: page === 0, on: { click: () => void run(current, page - 1) } }, '← Newer'),
      el('span', null, `Page ${page + 1}`),
      el('button', { type: 'button', disabled: nextCursor === null || searching, on: { click: () => void run(current, page + 1) } }, 'Older →'),
    );
    replace(results,
      ...progressLines(searching),
      el('div', { class: 'toolbar' },
        el('p', { class: 'summary' }, `Messages ${first}–${first + rows.length - 1} of ${nextCursor === null && gathered.full ? first + rows.length - 1 : 'more'} · ${calls} call${calls === 1 ? '' : 's'} · between ${range}`),
        el('label', { class: 'check' }, collapse, ' One line per call'),
        current.sort ? el('button', { type: 'button', class: 'link-button', on: { click: () => setView({ sort: '' }) } }, 'Newest first') : null,
        exportButtons(),
      ),
      resultsTable(rows, { collapse: current.collapse, sort: current.sort, name: namer, onSort: (sort) => setView({ sort }) }),
      pager,
    );
  }

  if (submitted) void run(state);
  else status(el('p', { class: 'muted' }, 'Enter a number, a Call-ID or any other field, pick the date and time, and press Search. Leave every field empty to list all messages in the range.'));
}
