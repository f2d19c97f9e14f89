// The UI's entry point: the page frame (header, navigation, main area), the session check,
// and which screen each route shows.
import './styles.css';
import { api, setUnauthorizedHandler } from './api';
import { el, replace } from './dom';
import { current, navigate, startRouter, type Route } from './router';
import { forget, remember, remembered } from './session';
import { offsetText, zoneName } from './time';
import { StorageBanner } from './storage-banner';
import type { SessionInfo } from './types';
import type { Screen } from './screen';
import { renderLogin } from './pages/login';
import { renderSearch } from './pages/search';
import { renderMessagePage } from './pages/message';
import { renderFlowPage } from './pages/flow';
import { renderUsers } from './pages/users';
import { renderAliases } from './pages/aliases';


const app = document.getElementById('app');
if (!app) throw new Error('index.html has no #app element');
const root: HTMLElement = app;
let session: SessionInfo | null = remembered();
// One banner for the whole session: it polls while someone is logged in, on every screen.
const banner = new StorageBanner();

function loginUrl(): string {
  const here = location.pathname + location.search;
  return here.startsWith('/login') || here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}

setUnauthorizedHandler(() => {
  if (!session) return;
  banner.stop();
  forget();
  session = null;
  navigate(loginUrl(), { replace: true });
});

function header(s: SessionInfo, route: Route): HTMLElement {
  const link = (href: string, text: string, active: boolean) => el('a', { href, 'aria-current': active ? 'page' : null }, text);
  return el('header', { class: 'top' },
    el('a', { class: 'brand', href: '/search' }, 'siptrail'),
    el('nav', { 'aria-label': 'main' },
      link('/search', 'Search', route.name === 'search'),
      link('/admin/aliases', 'Host aliases', route.name === 'aliases'),
      s.role === 'admin' && link('/admin/users', 'Users', route.name === 'users'),
    ),
    el('span', { class: 'zone', title: 'Every time is shown in this zone' }, `Times in ${zoneName()} (${offsetText(new Date())})`),
    el('span', { class: 'who' }, `${s.username} · ${s.role}`),
    el('button', {
      type: 'button', class: 'link-button',
      on: {
        click: () => {
          banner.stop();
          void api.logout().catch(() => undefined).finally(() => {
            forget();
            session = null;
            navigate('/login', { replace: true });
          });
        },
      },
    }, 'Log out'),
  );
}

function render(route: Route): void {
  if (route.name === 'login') {
    if (session) {
      navigate(safeNext(route.query.get('next')), { replace: true });
      return;
    }
    banner.stop();
    const main = el('main', { id: 'main', class: 'login-main' });
    replace(root, main);
    renderLogin(main, (s) => {
      session = s;
      remember(s);
      navigate(safeNext(route.query.get('next')), { replace: true });
    });
    return;
  }
  if (!session) {
    navigate(loginUrl(), { replace: true });
    return;
  }
  const main = el('main', { id: 'main' });
  replace(root, el('a', { class: 'skip', href: '#main' }, 'Skip to content'), header(session, route), banner.element, main);
  banner.start();
  const screen: Screen = { session, main, route };
  switch (route.name) {
    case 'search':
      renderSearch(screen);
      return;
    case 'message':
      renderMessagePage(screen);
      return;
    case 'call':
      renderFlowPage(screen);
      return;
    case 'users':
      renderUsers(screen);
      return;
    case 'aliases':
      renderAliases(screen);
      return;
    default:
      document.title = 'Not found · siptrail';
      replace(main, el('h1', { tabindex: '-1' }, 'No such page'), el('p', null, 'This address is not a siptrail screen. ', el('a', { href: '/search' }, 'Go to the search.')));
  }
}

/** Only app paths are followed after login: never another origin. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/search';
}

// A remembered session is checked once; a 401 sends the user to the login (see above).
if (session) {
  api.me().then((me) => {
    if (!session) return;
    if (me.role !== session.role) {
      session = me;
      remember(me);
      render(current());
    }
  }, () => undefined);
}
startRouter(render);
