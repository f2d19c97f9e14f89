// Host aliases: names shown instead of ip:port in the results and the call flow. Everyone
// sees the list; admins add, rename and remove.
import { api, failureText } from '../api';
import { endpoint } from '../aliases';
import { el, replace } from '../dom';
import { heading, type Screen } from '../screen';
import type { Alias } from '../types';

/** /admin/aliases */
export function renderAliases(screen: Screen): void {
  const { main, session } = screen;
  const admin = session.role === 'admin';
  heading(main, 'Host aliases', el('h1', null, 'Host aliases'));
  main.append(el('p', { class: 'muted' }, 'A name for an IP address (any port) or for one ip:port, shown in search results and call flows. An alias for the exact port wins.'));
  const note = el('p', { class: 'note', role: 'status' });
  const say = (text: string, error = false) => replace(note, el('span', { class: error ? 'error' : 'ok' }, text));
  const list = el('div', null, el('p', { class: 'muted' }, 'Loading aliases…'));

  if (admin) {
    const ip = el('input', { id: 'a-ip', required: true, placeholder: '10.0.0.2 or 2001:db8::1', spellcheck: 'false', autocomplete: 'off' });
    const port = el('input', { id: 'a-port', type: 'number', min: '1', max: '65535', placeholder: 'any' });
    const name = el('input', { id: 'a-name', required: true, maxlength: '128', placeholder: 'e.g. sbc-berlin-1', autocomplete: 'off' });
    const form = el('form', { class: 'card inline-form', 'aria-label': 'add or rename an alias' },
      el('h2', null, 'Add or rename'),
      el('div', { class: 'field' }, el('label', { for: 'a-ip' }, 'IP address'), ip),
      el('div', { class: 'field' }, el('label', { for: 'a-port' }, 'Port (empty: every port)'), port),
      el('div', { class: 'field' }, el('label', { for: 'a-name' }, 'Name'), name),
      el('button', { type: 'submit', class: 'primary' }, 'Save alias'),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const p = port.value.trim() === '' ? undefined : Number(port.value);
      api.putAlias({ ip: ip.value.trim(), name: name.value.trim(), ...(p === undefined ? {} : { port: p }) }).then(
        (a) => {
          say(`Saved: ${a.port === null ? a.ip : endpoint(a.ip, a.port)} is "${a.name}".`);
          ip.value = '';
          port.value = '';
          name.value = '';
          void load();
        },
        (err: unknown) => say(`Could not save the alias: ${failureText(err)}`, true),
      );
    });
    main.append(form);
  }

  function row(a: Alias): HTMLElement {
    return el('tr', { 'data-alias': a.name },
      el('th', { scope: 'row' }, a.name),
      el('td', null, a.ip),
      el('td', null, a.port === null || a.port === 0 ? 'any' : String(a.port)),
      admin ? el('td', null, el('button', {
        type: 'button', class: 'danger', 'aria-label': `remove alias ${a.name}`,
        on: {
          click: () => void api.deleteAlias(a.ip, a.port || null).then(() => {
            say(`Removed "${a.name}".`);
            void load();
          }, (err: unknown) => say(`Could not remove the alias: ${failureText(err)}`, true)),
        },
      }, 'Remove')) : null,
    );
  }

  async function load(): Promise<void> {
    try {
      const aliases = (await api.aliases()).sort((x, y) => x.name.localeCompare(y.name));
      replace(list, aliases.length === 0 ? el('p', { class: 'muted' }, 'No aliases yet: hosts show as ip:port.') : el('div', { class: 'table-wrap' }, el('table', { class: 'admin' },
        el('thead', null, el('tr', null, ...['Name', 'IP', 'Port', ...(admin ? [''] : [])].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', null, ...aliases.map(row)),
      )));
    } catch (err) {
      replace(list, el('p', { class: 'error', role: 'alert' }, `Could not load the aliases: ${(err as Error).message}`));
    }
  }
  main.append(note, list);
  void load();
}
