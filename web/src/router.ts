// Client-side routes over the History API. Every screen has a real URL (the server answers
// index.html for it), so links can be shared, opened in a new tab and reloaded.

/** A matched route. */
export interface Route {
  name: 'login' | 'search' | 'message' | 'call' | 'users' | 'aliases' | 'not-found';
  params: Record<string, string>;
  query: URLSearchParams;
}

const PATTERNS: Array<[Route['name'], RegExp]> = [
  ['login', /^\/login\/?$/],
  ['search', /^\/(?:search\/?)?$/],
  ['message', /^\/message\/([^/]+)\/?$/],
  ['call', /^\/call\/([^/]+)\/?$/],
  ['users', /^\/admin\/users\/?$/],
  ['aliases', /^\/admin\/aliases\/?$/],
];

/** Matches a path and query string. */
export function match(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  for (const [name, re] of PATTERNS) {
    const m = re.exec(pathname);
    if (!m) continue;
    let id: string;
    try {
      id = m[1] ? decodeURIComponent(m[1]) : '';
    } catch {
      return { name: 'not-found', params: {}, query };
    }
    return { name, params: id ? { id } : {}, query };
  }
  return { name: 'not-found', params: {}, query };
}

type Listener = (r: Route) => void;
let listener: Listener = () => {};

/** The route of the current location. */
export function current(): Route {
  return match(location.pathname, location.search);
}

/** Goes to a URL inside the app; `replace` rewrites history instead of adding an entry. */
export function navigate(url: string, opts: { replace?: boolean; quiet?: boolean } = {}): void {
  if (opts.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  if (!opts.quiet) listener(current());
}

/** Starts routing: back/forward and same-origin link clicks render without a reload. */
export function startRouter(onRoute: Listener): void {
  listener = onRoute;
  window.addEventListener('popstate', () => listener(current()));
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target instanceof Element ? e.target.closest('a') : null;
    if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin || a.pathname.startsWith('/api/')) return;
    e.preventDefault();
    navigate(a.pathname + a.search + a.hash);
  });
  listener(current());
}

/** The app URL of a message. */
export function messageUrl(id: string): string {
  return `/message/${encodeURIComponent(id)}`;
}

/** The app URL of a call flow near a time. */
export function callUrl(callId: string, at: string | null, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams(at ? { at, ...extra } : extra).toString();
  return `/call/${encodeURIComponent(callId)}${q ? `?${q}` : ''}`;
}
