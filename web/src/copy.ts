// Copy buttons. navigator.clipboard needs a secure context (https or localhost); a
// siptrail reached as http://10.1.2.3:8080 is not one, so fall back to a selected textarea.
import { el } from './dom';

async function copyText(text: string): Promise<boolean> {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed as always there, undefined outside a secure context
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission refused: try the old way.
    }
  }
  const area = el('textarea', { class: 'offscreen', readonly: true, 'aria-hidden': 'true' });
  area.value = text;
  document.body.appendChild(area);
  area.select();
  let ok: boolean;
  try {
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the one way to copy outside a secure context (see the top)
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** A button that copies `text()` and says so for a moment. */
export function copyButton(label: string, text: () => string, title = `Copy ${label.toLowerCase()}`): HTMLButtonElement {
  const b = el('button', { type: 'button', class: 'copy', title }, label);
  b.addEventListener('click', () => {
    void copyText(text()).then((ok) => {
      b.textContent = ok ? 'Copied' : 'Copy failed';
      setTimeout(() => (b.textContent = label), 1500);
    });
  });
  return b;
}
