// The search screen: the form, then the results of the search the URL describes, paged
// with the API's cursor, with the view options (one line per call, sort) and exports.
import { api, ApiError, downloadExport, failureText } from '../api';
import { aliasLookup, endpoint } from '../aliases';
import { el, replace, type Child } from '../dom';
import { navigate } from '../router';
import { heading, type Screen } from '../screen';
import { stateFromParams, stateToParams, toRequest, type SearchState } from '../search-state';
import { formatTime } from '../time';
import type { ExportFormat, MessageSummary, SearchRequest } from '../types';
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
  let current: SearchState = state;
  let request: SearchRequest | null = null;
  let generation = 0;

  const status = (...children: Child[]) => replace(results, el('div', { class: 'status' }, ...children));

  async function run(s: SearchState, pageIndex = 0): Promise<void> {
    current = s;
    const r = toRequest(s);
    if (!r.ok) {
      status(el('p', { class: 'error', role: 'alert' }, r.error));
      return;
    }
    request = r.request;
    if (pageIndex === 0) cursors = [null];
    const cursor = cursors[pageIndex] ?? null;
    const mine = ++generation;
    results.setAttribute('aria-busy', 'true');
    status(el('p', { class: 'muted' }, 'Searching…'));
    try {
      const [res] = await Promise.all([api.search(cursor ? { ...request, cursor } : request), aliasesLoaded]);
      if (mine !== generation) return;
      page = pageIndex;
      rows = res.messages;
      nextCursor = res.cursor;
      if (nextCursor !== null) cursors[page + 1] = nextCursor;
      draw();
    } catch (err) {
      if (mine !== generation) return;
      const e = err as ApiError;
      status(el('p', { class: 'error', role: 'alert' },
        e.status === 400 ? `The server refused this search: ${e.message}.` : e.status === 0 ? `The search did not reach the server: ${e.message}.` : `The search failed (${e.status}): ${e.message}.`));
    } finally {
      if (mine === generation) results.removeAttribute('aria-busy');
    }
  }

  function setView(change: Partial<SearchState>): void {
    current = { ...current, ...change };
    navigate(`/search?${stateToParams(current)}`, { replace: true, quiet: true });
    draw();
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

  function draw(): void {
    if (!request?.from || !request.to) return; // the form always sets both
    const range = `${formatTime(`${BigInt(Date.parse(request.from)) * 1000n}`)} and ${formatTime(`${BigInt(Date.parse(request.to)) * 1000n}`)}`;
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
      el('button', { type: 'button', disabled: nextCursor === null, on: { click: () => void run(current, page + 1) } }, 'Older →'),
    );
    replace(results,
      el('div', { class: 'toolbar' },
        el('p', { class: 'summary' }, `Messages ${first}–${first + rows.length - 1} of ${nextCursor === null ? first + rows.length - 1 : 'more'} · ${calls} call${calls === 1 ? '' : 's'} · between ${range}`),
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
