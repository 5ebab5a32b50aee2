/** A problem the API reported on one field of the request (422). */
export interface FieldProblem {
  path: string;
  message: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** An error response from the API, kept structured so forms can show problems on their fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: FieldProblem[] = [],
    readonly body: unknown = undefined,
  ) {
    super(message);
  }
}

const KEY_STORAGE = 'signalbox.apiKey';

export function storedApiKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}
export function storeApiKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

let onUnauthorized: (() => void) | undefined;
/** Called when the API answers 401 to a stored key (revoked or expired): the app signs out. */
export function setUnauthorizedHandler(fn: (() => void) | undefined): void {
  onUnauthorized = fn;
}

function describeStatus(status: number): string {
  if (status === 401) return 'Your API key was not accepted. Sign in again.';
  if (status === 403) return 'Your role does not allow this. Ask an admin.';
  if (status === 404) return 'Not found. It may have been deleted or renamed.';
  if (status === 409) return 'Conflict: it already exists or is in use.';
  if (status >= 500) return 'The API failed. Try again; if it keeps failing, check the API logs.';
  return `The API answered ${status}.`;
}

export async function apiRequest<T>(method: string, path: string, body?: unknown, key = storedApiKey()): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      headers: {
        ...(key ? { Authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError(0, 'Cannot reach the API. Check that it is running (npm start) and try again.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const b = (json ?? {}) as { message?: unknown; problems?: FieldProblem[] };
    const message = typeof b.message === 'string' ? b.message : Array.isArray(b.message) ? b.message.join('; ') : describeStatus(res.status);
    // Only the session's own key ending signs the user out: a key being tried at sign-in that is
    // refused is simply wrong, and the sign-in form says so.
    if (res.status === 401 && key && key === storedApiKey()) onUnauthorized?.();
    throw new ApiError(res.status, message, Array.isArray(b.problems) ? b.problems : [], json);
  }
  return json as T;
}

export const api = {
  get: <T>(path: string) => apiRequest<T>('GET', path),
  post: <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => apiRequest<T>('PUT', path, body),
  del: (path: string) => apiRequest<void>('DELETE', path),
};

export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Every item of a paged collection (catalog lookups for selects and validation). */
export async function fetchAll<T>(collection: string): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page < 100; page++) {
    const res = await api.get<Page<T>>(`/${collection}${query({ page, pageSize: 200 })}`);
    items.push(...res.items);
    if (items.length >= res.total || res.items.length === 0) break;
  }
  return items;
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
