// Who is logged in, as far as the UI knows. The session itself is the HttpOnly cookie; this
// remembers only the name and role (for the header and the admin links) so that a fresh
// visit without a login goes straight to the login page instead of asking the server first.
import type { SessionInfo } from './types';

const KEY = 'siptrail.session';

/** The remembered session, if any (the server still decides). */
export function remembered(): SessionInfo | null {
  try {
    // Stored by an earlier page (or edited by hand): checked, not trusted.
    const v = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { username?: unknown; role?: unknown } | null;
    return v && typeof v.username === 'string' && (v.role === 'admin' || v.role === 'viewer') ? (v as SessionInfo) : null;
  } catch {
    return null;
  }
}

/** Remembers the logged-in user. */
export function remember(s: SessionInfo): void {
  localStorage.setItem(KEY, JSON.stringify({ username: s.username, role: s.role }));
}

/** Forgets the user (logout, or the server said the session ended). */
export function forget(): void {
  localStorage.removeItem(KEY);
}
