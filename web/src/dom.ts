// The only way the UI builds DOM. SIP text is attacker-controlled, so strings always become
// text nodes (createTextNode) and attributes are set one by one with setAttribute: nothing
// here parses HTML, and no caller needs innerHTML. Event handlers are passed as functions
// (`on: { click }`), never as attribute strings.

/** A child: strings and numbers become text nodes; null/undefined/false are skipped. */
export type Child = Node | string | number | null | undefined | false;
/** Attributes: values are strings (booleans toggle); `on` holds listeners; `class` accepts a list. */
export interface Attrs {
  [name: string]: string | number | boolean | null | undefined | string[] | Record<string, EventListener> | ((node: Element) => void);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An attribute's text: strings and numbers as given, a list comma-joined; an object or function is a caller's mistake. */
function attrText(name: string, value: Exclude<Attrs[string], null | undefined | boolean>): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.join(',');
  throw new Error(`dom: attribute ${name} takes text, not ${typeof value}`);
}

function apply(node: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'on') {
      for (const [type, fn] of Object.entries(value as Record<string, EventListener>)) node.addEventListener(type, fn);
    } else if (name === 'ref') {
      (value as (n: Element) => void)(node);
    } else if (name.startsWith('on')) {
      // An "onclick" attribute string is script: refuse it rather than set it.
      throw new Error(`dom: attribute ${name} is an event handler; use on: { ... }`);
    } else if (name === 'class' && Array.isArray(value)) {
      node.setAttribute('class', value.filter(Boolean).join(' '));
    } else if (name === 'value' && (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement || node instanceof HTMLSelectElement)) {
      node.value = value === true ? 'true' : attrText(name, value);
    } else if (name === 'checked' && node instanceof HTMLInputElement) {
      node.checked = value === true;
    } else {
      node.setAttribute(name, value === true ? '' : attrText(name, value));
    }
  }
}

function append(node: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** Creates an HTML element with attributes and children (strings as text). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  apply(node, attrs);
  append(node, children);
  return node;
}

/** Creates an SVG element; `<text>` content goes in as a text node like everywhere else. */
export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  apply(node, attrs);
  append(node, children);
  return node;
}

/** Replaces every child of `node`. */
export function replace(node: Node, ...children: Child[]): void {
  while (node.firstChild) node.removeChild(node.firstChild);
  append(node, children);
}
