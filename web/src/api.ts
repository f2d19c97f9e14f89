// Calls to the query API. The session is the HttpOnly cookie the login sets; every request
// carries `X-Requested-With: siptrail`, which the server requires of cookie requests that
// change something (its CSRF rule). Failures become ApiError with the server's own words.
import type { Alias, CallFlow, ExportFormat, LoginResponse, MessageDetail, SearchRequest, SearchResponse, SessionInfo, SystemStatus, User } from './types';

const BASE = '/api/v1';

/** A refused or failed request; `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** The words of a failed call, for the page: an ApiError's own, or what was thrown. */
export function failureText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The HTTP status of a failed call; 0 when the server was not reached or it was no API error. */
export function failureStatus(err: unknown): number {
  return err instanceof ApiError ? err.status : 0;
}

/** Called on any 401 outside login: the session ended (set by main.ts). */
let onUnauthorized: () => void = () => {};
/** Sets what happens when a request finds the session gone. */
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

async function send(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { 'X-Requested-With': 'siptrail', Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(BASE + path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (err) {
    throw new ApiError(0, `could not reach the siptrail server (${(err as Error).message})`);
  }
  if (res.ok) return res;
  let message = `${res.status} ${res.statusText}`.trim();
  try {
    const j = (await res.json()) as { error?: unknown };
    if (typeof j.error === 'string') message = j.error;
  } catch {
    // Not JSON (a proxy's error page): keep the status line.
  }
  if (res.status === 401 && path !== '/auth/login') onUnauthorized();
  throw new ApiError(res.status, message);
}

async function json<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const res = await send(method, path, body, signal);
  return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
}

const enc = encodeURIComponent;

/** The API, one function per operation. */
export const api = {
  login: (username: string, password: string) => json<LoginResponse>('POST', '/auth/login', { username, password }),
  logout: () => json<undefined>('POST', '/auth/logout'),
  me: () => json<SessionInfo>('GET', '/auth/me'),
  /** One slice of a search; aborting `signal` closes the request, and the server stops reading. */
  search: (req: SearchRequest, signal?: AbortSignal) => json<SearchResponse>('POST', '/search', req, signal),
  message: (id: string) => json<MessageDetail>('GET', `/messages/${enc(id)}`),
  call: (callId: string, at: string | null, legs = true) =>
    json<CallFlow>('GET', `/calls/${enc(callId)}?legs=${legs}${at ? `&at=${enc(at)}` : ''}`),
  locations: () => json<string[]>('GET', '/locations'),
  status: () => json<SystemStatus>('GET', '/status'),
  aliases: () => json<Alias[]>('GET', '/aliases'),
  putAlias: (a: { ip: string; port?: number; name: string }) => json<Alias>('PUT', '/aliases', a),
  deleteAlias: (ip: string, port: number | null) => json<undefined>('DELETE', `/aliases/${enc(ip)}${port === null ? '' : `?port=${port}`}`),
  // The documented answer is an array; servers before 2eee12e sent { users: [...] }: accept both.
  users: async () => {
    const r = await json<User[] | { users: User[] }>('GET', '/users');
    return Array.isArray(r) ? r : r.users;
  },
  addUser: (u: { username: string; password: string; role: string }) => json<User>('POST', '/users', u),
  updateUser: (username: string, patch: { role?: string; password?: string; disabled?: boolean }) => json<User>('PATCH', `/users/${enc(username)}`, patch),
  deleteUser: (username: string) => json<undefined>('DELETE', `/users/${enc(username)}`),
};

function filenameOf(res: Response, fallback: string): string {
  const m = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '');
  return m?.[1] ?? fallback;
}

/** Fetches an export and hands it to the browser as a file download. */
export async function downloadExport(req: { callId: string; at: string | null; legs: boolean } | { search: SearchRequest }, format: ExportFormat): Promise<string> {
  const ext = format === 'text' ? 'txt' : format;
  const res = 'callId' in req
    ? await send('GET', `/calls/${enc(req.callId)}/export?format=${format}&legs=${req.legs}${req.at ? `&at=${enc(req.at)}` : ''}`)
    : await send('POST', '/export', { search: req.search, format });
  const name = filenameOf(res, `siptrail.${ext}`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
