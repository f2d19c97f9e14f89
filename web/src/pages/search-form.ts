// The search form: simple fields, time range, locations and options, the advanced groups
// and extra headers. It reads and writes a SearchState; the page owns the URL.
import { api, failureText } from '../api';
import { el, replace } from '../dom';
import { ADVANCED_GROUPS, SIMPLE_FIELDS, type FieldDef } from '../fields';
import type { SearchState } from '../search-state';
import { localDate, zoneName } from '../time';

/** The form element and a reader of its current state. */
export interface SearchForm {
  form: HTMLFormElement;
  read(): SearchState;
}

function fieldInput(f: FieldDef, s: SearchState): HTMLElement {
  const id = `f-${f.name}`;
  return el('div', { class: 'field' },
    el('label', { for: id }, f.label),
    el('input', { id, name: f.name, value: s.fields[f.name] ?? '', placeholder: f.hint ?? '', autocomplete: 'off', spellcheck: 'false' }),
  );
}

function extraRow(name: string, value: string, n: number): HTMLElement {
  const row = el('div', { class: 'extra-row' },
    el('input', { class: 'extra-name', 'aria-label': `extra header ${n} name`, placeholder: 'header, e.g. x-customer-id', value: name, spellcheck: 'false' }),
    el('input', { class: 'extra-value', 'aria-label': `extra header ${n} value`, placeholder: 'value or pattern', value, spellcheck: 'false' }),
  );
  row.appendChild(el('button', { type: 'button', class: 'link-button', 'aria-label': `remove extra header ${n}`, on: { click: () => row.remove() } }, 'Remove'));
  return row;
}

/** Builds the form for a state; `onSubmit` receives the state the user asked for. */
export function searchForm(s: SearchState, onSubmit: (s: SearchState) => void): SearchForm {
  const date = el('input', { id: 'f-date', type: 'date', value: s.date, required: true });
  const until = el('input', { id: 'f-until', type: 'date', value: s.until });
  const fromTime = el('input', { id: 'f-from', type: 'time', step: '1', value: s.fromTime, required: true });
  const toTime = el('input', { id: 'f-to', type: 'time', step: '1', value: s.toTime, required: true });
  const limit = el('input', { id: 'f-limit', type: 'number', min: '1', max: '10000', value: String(s.limit), required: true });
  const unique = el('input', { id: 'f-unique', type: 'checkbox', checked: s.unique });
  const withLegs = el('input', { id: 'f-legs', type: 'checkbox', checked: s.withLegs });
  const opAnd = el('input', { id: 'f-op-and', type: 'radio', name: 'op', value: 'and', checked: s.op === 'and' });
  const opOr = el('input', { id: 'f-op-or', type: 'radio', name: 'op', value: 'or', checked: s.op === 'or' });
  const locBox = el('div', { class: 'locations', role: 'group', 'aria-labelledby': 'loc-title' }, el('span', { class: 'muted' }, 'loading…'));
  const extras = el('div', { class: 'extras' }, ...s.extra.map(([n, v], i) => extraRow(n, v, i + 1)));
  const advanced = el('div', { id: 'advanced', class: 'advanced', hidden: !s.advanced },
    ...ADVANCED_GROUPS.map((g) => el('fieldset', { class: 'group' }, el('legend', null, g.title), ...g.fields.map((f) => fieldInput(f, s)))),
    el('fieldset', { class: 'group extra-group' },
      el('legend', null, 'Extra headers'),
      el('p', { class: 'muted small' }, 'Headers listed in capture.extraHeaders, by lower-case name.'),
      extras,
      el('button', { type: 'button', class: 'link-button', on: { click: () => extras.appendChild(extraRow('', '', extras.children.length + 1)) } }, 'Add header'),
    ),
  );
  const advToggle = el('button', { type: 'button', class: 'link-button', 'aria-expanded': String(s.advanced), 'aria-controls': 'advanced' }, s.advanced ? 'Hide advanced search' : 'Advanced search');
  advToggle.addEventListener('click', () => {
    advanced.hidden = !advanced.hidden;
    advToggle.setAttribute('aria-expanded', String(!advanced.hidden));
    advToggle.textContent = advanced.hidden ? 'Advanced search' : 'Hide advanced search';
  });
  const dayButton = (label: string, days: number) => el('button', { type: 'button', class: 'chip', on: { click: () => { date.value = localDate(days); until.value = ''; } } }, label);

  const form = el('form', { class: 'search card', 'aria-label': 'search', novalidate: true },
    el('div', { class: 'simple' },
      ...SIMPLE_FIELDS.map((f) => fieldInput(f, s)),
      el('div', { class: 'field' }, el('label', { for: 'f-date' }, 'Date'), el('div', { class: 'inline' }, date, dayButton('Today', 0), dayButton('Yesterday', -1))),
      el('div', { class: 'field' }, el('label', { for: 'f-from' }, 'From time'), fromTime),
      el('div', { class: 'field' }, el('label', { for: 'f-to' }, 'To time'), toTime),
      el('div', { class: 'field' }, el('label', { for: 'f-until' }, 'End date (optional)'), until),
      el('div', { class: 'field wide' }, el('span', { id: 'loc-title', class: 'label' }, 'Locations (none ticked: all)'), locBox),
      el('div', { class: 'field' }, el('label', { for: 'f-limit' }, 'Max records'), limit),
      el('div', { class: 'field options' },
        el('span', { class: 'label' }, 'Options'),
        el('label', { class: 'check' }, unique, ' Unique packets'),
        el('label', { class: 'check' }, withLegs, ' Include B2B legs'),
      ),
      el('div', { class: 'field options', role: 'radiogroup', 'aria-label': 'combine fields with' },
        el('span', { class: 'label' }, 'Combine fields'),
        el('label', { class: 'check' }, opAnd, ' AND (all match)'),
        el('label', { class: 'check' }, opOr, ' OR (any matches)'),
      ),
    ),
    advanced,
    el('div', { class: 'actions' },
      el('button', { type: 'submit', class: 'primary' }, 'Search'),
      advToggle,
      el('a', { href: '/search', class: 'link-button' }, 'Clear'),
      el('span', { class: 'muted small' }, `Times are ${zoneName()}. Patterns: * wildcard, ! negates, ; separates alternatives.`),
    ),
  );

  const read = (): SearchState => {
    const fields: Record<string, string> = {};
    for (const input of form.querySelectorAll<HTMLInputElement>('.field input[id^="f-"][name]')) {
      if (input.name !== 'op' && input.value.trim()) fields[input.name] = input.value.trim();
    }
    const n = Number(limit.value);
    return {
      ...s,
      date: date.value, until: until.value, fromTime: fromTime.value, toTime: toTime.value, fields,
      extra: [...extras.querySelectorAll('.extra-row')].map((r) => [
        (r.querySelector('.extra-name') as HTMLInputElement).value.trim().toLowerCase(),
        (r.querySelector('.extra-value') as HTMLInputElement).value.trim(),
      ] as [string, string]).filter(([k, v]) => k && v),
      op: opOr.checked ? 'or' : 'and',
      locations: [...locBox.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value),
      limit: Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : s.limit,
      unique: unique.checked, withLegs: withLegs.checked, advanced: !advanced.hidden,
    };
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    onSubmit(read());
  });

  api.locations().then(
    (locs) => {
      const all = [...new Set([...locs, ...s.locations])];
      replace(locBox, ...(all.length ? all.map((l) => el('label', { class: 'check' }, el('input', { type: 'checkbox', value: l, checked: s.locations.includes(l) }), ` ${l}`)) : [el('span', { class: 'muted' }, 'no capture location has registered yet')]));
    },
    (err: unknown) => replace(locBox, el('span', { class: 'error' }, `Could not load the locations: ${failureText(err)}`)),
  );
  return { form, read };
}
