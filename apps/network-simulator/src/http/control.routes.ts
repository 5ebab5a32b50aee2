import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { BehaviourPatch } from '../behaviour';
import type { CallbackSender } from '../callbacks';
import { DriftRequest, drift } from '../drift';
import { FileDropSettings, type FileDrops } from '../file-drop';
import type { SimulatorState } from '../state';
import { invalid, malformed, parseJson, readBody, sendJson, zodProblems } from './http-util';

const CallbackKey = z.strictObject({ apiKey: z.string().regex(/^sbx_[a-f0-9]{12}_[A-Za-z0-9_-]{16,}$/, { error: 'must be a Signalbox API key (sbx_<id>_<secret>)' }).nullable() });

/** The simulator's own API: behaviour per provider, reset, and the record of what it received. */
export class ControlRoutes {
  constructor(
    private readonly state: SimulatorState,
    private readonly callbackSender: CallbackSender,
    private readonly fileDrops: FileDrops,
  ) {}

  /** PUT /control/file-drops/<provider>: where a file provider's batches are taken from and answered to, and how. */
  async putFileDrop(req: IncomingMessage, res: ServerResponse, provider: string): Promise<void> {
    const parsed = parseJson(await readBody(req));
    if (!parsed.ok) throw malformed(parsed.message);
    const settings = FileDropSettings.safeParse(parsed.value);
    if (!settings.success) throw invalid(zodProblems(settings.error.issues, parsed.value));
    this.fileDrops.set(provider, settings.data);
    sendJson(res, 200, this.fileDrops.view(provider));
  }

  /** GET /control/file-drops/<provider>: the drop's settings (key redacted) and the batches taken. */
  getFileDrop(res: ServerResponse, provider: string): void {
    sendJson(res, 200, this.fileDrops.view(provider));
  }

  getProvider(res: ServerResponse, provider: string): void {
    sendJson(res, 200, this.providerView(provider));
  }

  listProviders(res: ServerResponse): void {
    sendJson(res, 200, { items: this.state.configuredProviders().map((code) => this.providerView(code)) });
  }

  async putProvider(req: IncomingMessage, res: ServerResponse, provider: string): Promise<void> {
    const parsed = parseJson(await readBody(req));
    if (!parsed.ok) throw malformed(parsed.message);
    const patch = BehaviourPatch.safeParse(parsed.value);
    if (!patch.success) throw invalid(zodProblems(patch.error.issues, parsed.value));
    this.state.behaviour(provider).apply(patch.data);
    sendJson(res, 200, this.providerView(provider));
  }

  /** POST /control/providers/<provider>/drift: changes subscribers' state behind Signalbox's back. */
  async postDrift(req: IncomingMessage, res: ServerResponse, provider: string): Promise<void> {
    const parsed = parseJson(await readBody(req));
    if (!parsed.ok) throw malformed(parsed.message);
    const request = DriftRequest.safeParse(parsed.value);
    if (!request.success) throw invalid(zodProblems(request.error.issues, parsed.value));
    sendJson(res, 200, drift(this.state.subscribers, provider, request.data));
  }

  /** PUT /control/callback-key {"apiKey": "sbx_…" | null}: the Signalbox key sent with callbacks (the dev stack's scoped agent key). */
  async putCallbackKey(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = parseJson(await readBody(req));
    if (!parsed.ok) throw malformed(parsed.message);
    const body = CallbackKey.safeParse(parsed.value);
    if (!body.success) throw invalid(zodProblems(body.error.issues, parsed.value));
    this.callbackSender.useApiKey(body.data.apiKey);
    sendJson(res, 200, { apiKey: body.data.apiKey === null ? null : '[redacted]' });
  }

  reset(res: ServerResponse): void {
    this.state.reset();
    this.fileDrops.reset();
    sendJson(res, 200, { reset: true });
  }

  requests(res: ServerResponse, query: URLSearchParams): void {
    sendJson(res, 200, { items: this.state.journal.list({ provider: optional(query, 'provider'), limit: limit(query) }) });
  }

  callbacks(res: ServerResponse, query: URLSearchParams): void {
    const items = this.state.journal
      .list({ provider: optional(query, 'provider') })
      .flatMap((r) => r.callbacks.map((c) => ({ requestId: r.id, provider: r.provider, serviceOrderId: serviceOrderIdOf(r.body), ...c })));
    sendJson(res, 200, { items });
  }

  stats(res: ServerResponse): void {
    sendJson(res, 200, { providers: this.state.journal.allStats() });
  }

  subscribers(res: ServerResponse, query: URLSearchParams): void {
    sendJson(res, 200, { items: this.state.subscribers.list(optional(query, 'provider')) });
  }

  messages(res: ServerResponse, query: URLSearchParams): void {
    const items = this.state.messages.list({ channel: optional(query, 'channel'), to: optional(query, 'to'), provider: optional(query, 'provider'), limit: limit(query) });
    sendJson(res, 200, { items });
  }

  private providerView(provider: string) {
    return { provider, behaviour: this.state.behaviour(provider).view(), stats: this.state.journal.stats(provider) };
  }
}

function optional(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value === '' ? undefined : value;
}

function limit(query: URLSearchParams): number | undefined {
  const value = optional(query, 'limit');
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw invalid([{ path: 'limit', message: 'must be a positive whole number' }]);
  return Number(value);
}

function serviceOrderIdOf(body: unknown): string | undefined {
  const id = (body as { serviceOrderId?: unknown } | null)?.serviceOrderId;
  return typeof id === 'string' ? id : undefined;
}
