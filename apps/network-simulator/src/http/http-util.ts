import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Problem {
  path: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly problems?: Problem[],
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return errorBody(this.status, this.error, this.message, this.problems);
  }
}

export function errorBody(status: number, error: string, message: string, problems?: Problem[]): Record<string, unknown> {
  return problems ? { statusCode: status, error, message, problems } : { statusCode: status, error, message };
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'PayloadTooLarge', `the body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJson(raw: Buffer): ParsedJson {
  if (raw.length === 0) return { ok: false, message: 'the body is empty: send a JSON object' };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) };
  } catch (error) {
    return { ok: false, message: `the body is not valid JSON (${(error as Error).message})` };
  }
}

export function malformed(message: string): HttpError {
  return new HttpError(400, 'BadRequest', message);
}

/** Zod issues as `{ path, message }` with dotted paths, in the REST conventions' words. */
export function zodProblems(
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string; code: string; keys?: string[] }>,
  input: unknown,
): Problem[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: `unknown field "${key}"` }));
    }
    const missing = issue.path.length > 0 && valueAt(input, issue.path) === undefined;
    return [{ path, message: missing ? 'is required' : issue.message }];
  });
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

export function invalid(problems: Problem[]): HttpError {
  const count = problems.length;
  return new HttpError(400, 'ValidationError', `${count} problem${count === 1 ? '' : 's'} in the request`, problems);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
