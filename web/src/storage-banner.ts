// The banner shown while storage is down: "Storage unavailable since 14:02 UTC+01:00 —
// messages are being spooled: 12,345", from GET /api/v1/status, polled every 5 s while a
// user is logged in. The text is built by a pure function (unit-tested); the element gets
// it as a text node, like everything the UI shows.
import { api } from './api';
import { el, replace } from './dom';
import { localDate, offsetText } from './time';
import type { SystemStatus } from './types';

const pad = (n: number) => String(n).padStart(2, '0');

/** "12,345": the same grouping for every viewer. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** An ISO instant as the viewer's wall clock with its offset: "14:02 UTC+01:00", with the date when it is not today. */
export function sinceText(iso: string, now = new Date()): string {
  const d = new Date(iso);
  const day = localDate(0, d);
  const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return `${day === localDate(0, now) ? clock : `${day} ${clock}`} ${offsetText(d)}`;
}

/** The banner's text for a status, or null while storage is up. */
export function storageBannerText(s: SystemStatus, now = new Date()): string | null {
  if (s.storage.up) return null;
  let text = `Storage unavailable${s.storage.downSince ? ` since ${sinceText(s.storage.downSince, now)}` : ''}`;
  text += s.capture
    ? ` — messages are being spooled: ${formatCount(s.capture.queuedRows + s.capture.spooledRows)}`
    : ' — search and call flows cannot answer until it is back';
  const nodes = s.cassandra ?? [];
  if (nodes.some((n) => n.state === 'gave-up')) text += '. The local Cassandra kept crashing and is no longer restarted: see the siptrail log';
  else if (nodes.some((n) => n.state === 'waiting' || n.state === 'restarting')) text += '. The local Cassandra is being restarted';
  return text;
}

/** Polls the status while started and keeps `element` showing the banner (hidden while storage is up). */
export class StorageBanner {
  readonly element = el('div', { class: 'storage-banner', role: 'alert', hidden: true });
  private timer: number | null = null;
  private running = false;

  constructor(private readonly everyMs = 5000) {}

  /** Begins polling (at once); a no-op while it already polls. */
  start(): void {
    if (this.running) return;
    this.running = true;
    void this.poll();
  }

  /** Stops polling and hides the banner (logout). */
  stop(): void {
    this.running = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.show(null);
  }

  private async poll(): Promise<void> {
    try {
      const s = await api.status();
      if (this.running) this.show(storageBannerText(s));
    } catch {
      // The server is unreachable or the session ended (api.ts handles a 401): keep what is shown.
    }
    if (this.running) this.timer = window.setTimeout(() => void this.poll(), this.everyMs);
  }

  private show(text: string | null): void {
    this.element.hidden = text === null;
    replace(this.element, text ?? '');
  }
}
