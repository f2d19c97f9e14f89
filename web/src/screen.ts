// What every screen gets from the frame: the session, the element to fill and its route.
import type { Route } from './router';
import type { SessionInfo } from './types';

/** A screen's inputs. */
export interface Screen {
  session: SessionInfo;
  main: HTMLElement;
  route: Route;
}

/** Sets the tab title and the page's h1, which takes focus so keyboard users start there. */
export function heading(main: HTMLElement, text: string, h1: HTMLElement): HTMLElement {
  document.title = `${text} · siptrail`;
  h1.setAttribute('tabindex', '-1');
  main.appendChild(h1);
  queueMicrotask(() => h1.focus({ preventScroll: true }));
  return h1;
}
