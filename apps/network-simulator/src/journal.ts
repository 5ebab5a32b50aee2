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
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-signature', 'x-api-key', 'cookie']);

/** Everything the simulator received and what it answered, in arrival order. */
export class Journal {
  private records: RequestRecord[] = [];
  private nextId = 1;
  private readonly statsByProvider = new Map<string, ProviderStats>();

  open(fields: Omit<RequestRecord, 'id' | 'at' | 'duplicate' | 'callbacks'>, at: Date = new Date()): RequestRecord {
    const record: RequestRecord = { id: this.nextId++, at: at.toISOString(), duplicate: false, callbacks: [], ...fields };
    this.records.push(record);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
    return record;
  }

  close(record: RequestRecord, status: number, answer: unknown): void {
    record.status = status;
    record.answer = answer;
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
    out[lower] = SECRET_HEADERS.has(lower) || lower === secret ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
