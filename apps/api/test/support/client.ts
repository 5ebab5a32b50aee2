/* eslint-disable @typescript-eslint/no-explicit-any -- test replies are read as loose JSON */
/** A tiny HTTP client for the API: JSON in, status and JSON out. */
export interface Reply<T = any> {
  status: number;
  body: T;
}

export function client(baseUrl: string, key?: string) {
  const call = async <T = any>(method: string, path: string, body?: unknown, raw?: string): Promise<Reply<T>> => {
    const headers: Record<string, string> = {};
    if (key) headers.authorization = `Bearer ${key}`;
    if (body !== undefined || raw !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}/api${path}`, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    get: <T = any>(path: string) => call<T>('GET', path),
    post: <T = any>(path: string, body?: unknown) => call<T>('POST', path, body ?? {}),
    put: <T = any>(path: string, body: unknown) => call<T>('PUT', path, body),
    delete: <T = any>(path: string) => call<T>('DELETE', path),
    raw: (method: string, path: string, text: string) => call(method, path, undefined, text),
  };
}
export type Client = ReturnType<typeof client>;
