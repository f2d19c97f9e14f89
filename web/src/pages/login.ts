// The login screen: user name and password; says plainly why a login failed.
import { api, ApiError } from '../api';
import { el, replace } from '../dom';
import type { SessionInfo } from '../types';

/** Draws the login form into `main`; calls `done` once the server accepted it. */
export function renderLogin(main: HTMLElement, done: (s: SessionInfo) => void): void {
  document.title = 'Log in · siptrail';
  const user = el('input', { id: 'login-user', name: 'username', autocomplete: 'username', required: true, autofocus: true });
  const pass = el('input', { id: 'login-pass', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = el('p', { class: 'error', role: 'alert', hidden: true });
  const submit = el('button', { type: 'submit' }, 'Log in');
  const form = el('form', { class: 'login card', 'aria-labelledby': 'login-title' },
    el('h1', { id: 'login-title' }, 'siptrail'),
    el('p', { class: 'muted' }, 'SIP capture with backtrace. Log in to search calls.'),
    el('label', { for: 'login-user' }, 'User name'), user,
    el('label', { for: 'login-pass' }, 'Password'), pass,
    error,
    submit,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    api.login(user.value.trim(), pass.value).then(
      (r) => done({ username: r.username, role: r.role }),
      (err: unknown) => {
        submit.disabled = false;
        const status = err instanceof ApiError ? err.status : 0;
        replace(error, status === 401 ? 'Wrong user name or password (or the account is disabled).'
          : status === 429 ? 'Too many failed logins from here. Wait a few minutes, then try again.'
          : `Could not log in: ${(err as Error).message}`);
        error.hidden = false;
        pass.select();
      },
    );
  });
  replace(main, form);
  user.focus();
}
