// User administration (admins): add a user, change a role, disable or enable, reset a
// password, delete. Every change is one API call and says what happened.
import { api, failureText } from '../api';
import { el, replace } from '../dom';
import { heading, type Screen } from '../screen';
import type { Role, User } from '../types';

const ROLES: Role[] = ['viewer', 'admin'];

function roleSelect(id: string, value: Role, label?: string): HTMLSelectElement {
  return el('select', { id, 'aria-label': label }, ...ROLES.map((r) => el('option', { value: r, selected: r === value }, r)));
}

/** /admin/users */
export function renderUsers(screen: Screen): void {
  const { main, session } = screen;
  heading(main, 'Users', el('h1', null, 'Users'));
  if (session.role !== 'admin') {
    main.append(el('p', { class: 'error', role: 'alert' }, 'Only administrators manage users.'));
    return;
  }
  const note = el('p', { class: 'note', role: 'status' });
  const say = (text: string, error = false) => replace(note, el('span', { class: error ? 'error' : 'ok' }, text));
  const list = el('div', null, el('p', { class: 'muted' }, 'Loading users…'));

  const name = el('input', { id: 'u-name', autocomplete: 'off', required: true, pattern: '[A-Za-z0-9._@\\-]{1,64}', spellcheck: 'false' });
  const pass = el('input', { id: 'u-pass', type: 'password', autocomplete: 'new-password', required: true, minlength: '8' });
  const role = roleSelect('u-role', 'viewer');
  const add = el('form', { class: 'card inline-form', 'aria-label': 'add a user' },
    el('h2', null, 'Add a user'),
    el('div', { class: 'field' }, el('label', { for: 'u-name' }, 'User name'), name),
    el('div', { class: 'field' }, el('label', { for: 'u-pass' }, 'Password (8 characters or more)'), pass),
    el('div', { class: 'field' }, el('label', { for: 'u-role' }, 'Role'), role),
    el('button', { type: 'submit', class: 'primary' }, 'Add user'),
  );
  add.addEventListener('submit', (e) => {
    e.preventDefault();
    api.addUser({ username: name.value.trim(), password: pass.value, role: role.value }).then(
      (u) => {
        say(`Added ${u.username} (${u.role}).`);
        name.value = '';
        pass.value = '';
        void load();
      },
      (err: unknown) => say(`Could not add the user: ${failureText(err)}`, true),
    );
  });

  const change = (u: User, patch: { role?: string; password?: string; disabled?: boolean }, done: string) =>
    api.updateUser(u.username, patch).then(() => {
      say(done);
      void load();
    }, (err: unknown) => {
      say(`Could not change ${u.username}: ${failureText(err)}`, true);
      void load();
    });

  function row(u: User, i: number): HTMLElement {
    const r = roleSelect(`u-role-${i}`, u.role, `role of ${u.username}`);
    r.addEventListener('change', () => void change(u, { role: r.value }, `${u.username} is now ${r.value}.`));
    const pw = el('input', { type: 'password', 'aria-label': `new password for ${u.username}`, placeholder: 'new password', autocomplete: 'new-password', minlength: '8' });
    const reset = el('form', { class: 'reset' }, pw, el('button', { type: 'submit' }, 'Reset password'));
    reset.addEventListener('submit', (e) => {
      e.preventDefault();
      void change(u, { password: pw.value }, `Password of ${u.username} changed.`);
    });
    const del = el('button', { type: 'button', class: 'danger' }, 'Delete');
    del.addEventListener('click', () => {
      if (del.dataset.armed !== '1') {
        del.dataset.armed = '1';
        del.textContent = `Really delete ${u.username}?`;
        return;
      }
      api.deleteUser(u.username).then(() => {
        say(`Deleted ${u.username}.`);
        void load();
      }, (err: unknown) => say(`Could not delete ${u.username}: ${failureText(err)}`, true));
    });
    return el('tr', { 'data-user': u.username, class: u.disabled ? 'disabled' : '' },
      el('th', { scope: 'row' }, u.username, u.username === session.username ? el('span', { class: 'muted' }, ' (you)') : null),
      el('td', null, r),
      el('td', null, u.disabled ? 'disabled' : 'active', ' ',
        el('button', { type: 'button', on: { click: () => void change(u, { disabled: !u.disabled }, `${u.username} ${u.disabled ? 'enabled' : 'disabled'}.`) } }, u.disabled ? 'Enable' : 'Disable')),
      el('td', null, new Date(u.createdAt).toLocaleString()),
      el('td', null, reset),
      el('td', null, del),
    );
  }

  async function load(): Promise<void> {
    try {
      const users = await api.users();
      replace(list, el('div', { class: 'table-wrap' }, el('table', { class: 'admin' },
        el('thead', null, el('tr', null, ...['User', 'Role', 'Status', 'Created', 'Password', ''].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', null, ...users.map(row)),
      )));
    } catch (err) {
      replace(list, el('p', { class: 'error', role: 'alert' }, `Could not load the users: ${(err as Error).message}`));
    }
  }
  main.append(add, note, list);
  void load();
}
