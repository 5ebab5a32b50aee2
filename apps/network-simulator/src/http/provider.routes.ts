import type { IncomingMessage, ServerResponse } from 'node:http';
import { WireMessage, WireServiceOrder } from '@signalbox/contracts';
import { checkAuth } from '../auth';
import { redactHeaders } from '../journal';
import type { MessageService } from '../messages.service';
import type { OrderService } from '../orders.service';
import type { SimulatorState } from '../state';
import { subscriberState } from '../subscribers';
import { HttpError, errorBody, header, invalid, malformed, parseJson, readBody, sendJson, zodProblems } from './http-util';

export interface ProviderDeps {
  state: SimulatorState;
  orders: OrderService;
  messages: MessageService;
}

type Answer = { status: number; body: unknown };

/** POST /providers/:code/orders and /providers/:code/messages: recorded, then answered per the behaviour. */
export async function handleProviderRequest(
  kind: 'orders' | 'messages',
  provider: string,
  req: IncomingMessage,
  res: ServerResponse,
  deps: ProviderDeps,
): Promise<void> {
  const raw = await readBody(req);
  const { auth } = deps.state.behaviour(provider).config;
  const parsed = parseJson(raw);
  const record = deps.state.journal.open({
    provider,
    transport: 'http',
    method: req.method ?? 'POST',
    path: req.url ?? '',
    headers: redactHeaders(req.headers, auth.type === 'header' ? auth.name : undefined),
    // Not JSON: kept for debugging, cut short (it is what the provider was sent, not a parsed order).
    body: parsed.ok ? parsed.value : shorten(raw.toString('utf8')),
  });
  if (kind === 'orders') deps.state.journal.stats(provider).received += 1;
  let answer: Answer;
  try {
    answer = await answerFor(kind, provider, req, raw, deps, record);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    answer = { status: error.status, body: error.body() };
  }
  deps.state.journal.close(record, answer.status, answer.body);
  sendJson(res, answer.status, answer.body);
}

/**
 * GET /providers/:code/subscribers/:key: the provider's view of one subscriber (by service id, else
 * MSISDN), in the shape order results carry as `state`; what reconciliation reads. Recorded like
 * every request; a provider that is down answers 503.
 */
export async function handleSubscriberRead(provider: string, key: string, req: IncomingMessage, res: ServerResponse, deps: ProviderDeps): Promise<void> {
  const raw = await readBody(req);
  const behaviour = deps.state.behaviour(provider).config;
  const record = deps.state.journal.open({
    provider,
    transport: 'http',
    method: req.method ?? 'GET',
    path: req.url ?? '',
    headers: redactHeaders(req.headers, behaviour.auth.type === 'header' ? behaviour.auth.name : undefined),
    body: null,
  });
  let answer: Answer;
  if (behaviour.down) answer = { status: 503, body: errorBody(503, 'ServiceUnavailable', `provider ${provider} is down (simulated)`) };
  else {
    const authProblem = checkAuth(behaviour.auth, req.headers, raw);
    const subscriber = authProblem ? undefined : deps.state.subscribers.find(provider, { serviceId: key, msisdn: key });
    answer = authProblem
      ? { status: 401, body: errorBody(401, 'Unauthorized', authProblem) }
      : subscriber
        ? { status: 200, body: subscriberState(subscriber) }
        : { status: 404, body: errorBody(404, 'NotFound', `provider ${provider} has no subscriber ${key}`) };
  }
  deps.state.journal.close(record, answer.status, answer.body);
  sendJson(res, answer.status, answer.body);
}

async function answerFor(
  kind: 'orders' | 'messages',
  provider: string,
  req: IncomingMessage,
  raw: Buffer,
  deps: ProviderDeps,
  record: Parameters<OrderService['handle']>[2]['record'],
): Promise<Answer> {
  const behaviour = deps.state.behaviour(provider).config;
  if (behaviour.down) throw new HttpError(503, 'ServiceUnavailable', `provider ${provider} is down (simulated)`);
  const authProblem = checkAuth(behaviour.auth, req.headers, raw);
  if (authProblem) throw new HttpError(401, 'Unauthorized', authProblem);
  const parsed = parseJson(raw);
  if (!parsed.ok) throw malformed(parsed.message);

  if (kind === 'messages') {
    const message = WireMessage.safeParse(parsed.value);
    if (!message.success) throw invalid(zodProblems(message.error.issues, parsed.value));
    return deps.messages.send(provider, message.data, record);
  }

  const order = WireServiceOrder.safeParse(parsed.value);
  if (!order.success) throw invalid(zodProblems(order.error.issues, parsed.value));
  if (behaviour.mode === 'async') {
    const callbackUrl = order.data.callbackUrl;
    if (!callbackUrl) throw invalid([{ path: 'callbackUrl', message: `is required: provider ${provider} answers asynchronously` }]);
    if (!/^https?:$/.test(URL.parse(callbackUrl)?.protocol ?? '')) {
      throw invalid([{ path: 'callbackUrl', message: 'must be an http(s) URL' }]);
    }
  }
  const outcome = await deps.orders.handle(provider, order.data, {
    transport: 'http',
    idempotencyKey: header(req, 'idempotency-key'),
    record,
  });
  if (outcome.kind === 'error') return { status: outcome.status, body: errorBody(outcome.status, outcome.error, outcome.message) };
  if (outcome.async) return { status: 202, body: { accepted: true, serviceOrderId: outcome.result.serviceOrderId } };
  return { status: 200, body: outcome.result };
}

function shorten(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}
