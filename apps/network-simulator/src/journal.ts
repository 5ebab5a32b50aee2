/** One attempt to deliver an async callback. */
export interface CallbackAttempt {
  attempt: number;
  at: string;
  url: string;
  status?: number;
  error?: string;
  delivered: boolean;
}

export interface RequestRecord {
  id: number;
  at: string;
  provider: string;
  transport: 'http' | 'tcp';
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  status?: number;
  answer?: unknown;
  duplicate: boolean;
  latencyMs?: number;
  callbacks: CallbackAttempt[];
}

export interface ProviderStats {
  /** Service orders received (every attempt, including rejected ones and duplicates). */
  received: number;
  duplicates: number;
  completed: number;
  failed: number;
  /** Requests answered with an error status (400, 401, 500, 503...). */
  rejected: number;
  messages: number;
  callbacksDelivered: number;
  callbacksFailed: number;
}

const MAX_RECORDS = 10_000;
const REDACTED = '[redacted]';
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-signature', 'x-api-key', 'cookie', 'set-cookie']);
/**
 * Names that carry credentials by convention. A provider's custom auth header is redacted by
 * name too, but the simulator only knows that name when its behaviour is configured for it;
 * Signalbox may send one the simulator was never told about.
 */
const SECRET_NAME = /auth|token|secret|passw(or)?d|pwd|signature|api[-_]?key|credential|session|cookie/i;

/** Everything the simulator received and what it answered, in arrival order. */
export class Journal {
  private records: RequestRecord[] = [];
  private nextId = 1;
  private readonly statsByProvider = new Map<string, ProviderStats>();

  open(fields: Omit<RequestRecord, 'id' | 'at' | 'duplicate' | 'callbacks'>, at: Date = new Date()): RequestRecord {
    const body = typeof fields.body === 'string' ? redactText(fields.body) : redactBody(fields.body);
    const record: RequestRecord = { id: this.nextId++, at: at.toISOString(), duplicate: false, callbacks: [], ...fields, path: redactUrl(fields.path), body };
    this.records.push(record);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
    return record;
  }

  close(record: RequestRecord, status: number, answer: unknown): void {
    record.status = status;
    record.answer = redactBody(answer);
    record.latencyMs = Date.now() - Date.parse(record.at);
    if (status >= 400) this.stats(record.provider).rejected += 1;
  }

  list(filter: { provider?: string; limit?: number } = {}): RequestRecord[] {
    const matching = filter.provider === undefined ? this.records : this.records.filter((r) => r.provider === filter.provider);
    return filter.limit === undefined ? [...matching] : matching.slice(-filter.limit);
  }

  stats(provider: string): ProviderStats {
    let stats = this.statsByProvider.get(provider);
    if (!stats) {
      stats = { received: 0, duplicates: 0, completed: 0, failed: 0, rejected: 0, messages: 0, callbacksDelivered: 0, callbacksFailed: 0 };
      this.statsByProvider.set(provider, stats);
    }
    return stats;
  }

  allStats(): Record<string, ProviderStats> {
    return Object.fromEntries([...this.statsByProvider].sort(([a], [b]) => a.localeCompare(b)));
  }

  clear(): void {
    this.records = [];
    this.statsByProvider.clear();
  }
}

/** Copies request headers, hiding credential values (the provider's custom auth header included). */
export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
  extraSecret?: string,
): Record<string, string> {
  const secret = extraSecret?.toLowerCase();
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    out[lower] = SECRET_HEADERS.has(lower) || SECRET_NAME.test(lower) || lower === secret ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * A recorded body with credential-like fields hidden (password, token, secret…, at any depth), so
 * the request log never shows a secret a caller put in an order or a line.
 */
export function redactBody(body: unknown, depth = 0): unknown {
  if (body === null || typeof body !== 'object' || depth > 32) return body;
  if (Array.isArray(body)) return body.map((item) => redactBody(item, depth + 1));
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).map(([key, value]) => [key, SECRET_NAME.test(key) && value !== null && typeof value !== 'object' ? REDACTED : redactBody(value, depth + 1)]),
  );
}

/** Text that is not JSON, with `name: value` / `"name": "value"` pairs of credential-like names hidden. */
export function redactText(text: string): string {
  return text.replace(new RegExp(`("?[\\w-]*(?:${SECRET_NAME.source})[\\w-]*"?\\s*[:=]\\s*)("[^"]*"?|[^\\s,;&}]+)`, 'gi'), '$1"[redacted]"');
}

/** A URL with any user:password and credential-like query values hidden. */
export function redactUrl(url: string): string {
  const parsed = URL.parse(url, 'http://simulator');
  if (!parsed) return url;
  let changed = false;
  if (parsed.username || parsed.password) {
    parsed.username = REDACTED;
    parsed.password = '';
    changed = true;
  }
  for (const key of [...parsed.searchParams.keys()]) {
    if (SECRET_NAME.test(key)) {
      parsed.searchParams.set(key, REDACTED);
      changed = true;
    }
  }
  if (!changed) return url;
  return url.startsWith('/') ? `${parsed.pathname}${parsed.search}` : parsed.toString();
}
