import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { FcmErrorBody } from '@signalbox/contracts';
import { checkAuth } from '../auth';
import { redactHeaders, type RequestRecord } from '../journal';
import type { SimulatorState } from '../state';
import { header, parseJson, readBody, sendJson } from './http-util';

/** The part of FCM HTTP v1's send request the gateway checks. */
const FcmSend = z.object({
  message: z.object({
    token: z.string().min(1).max(4096),
    notification: z.object({ title: z.string().max(1000), body: z.string().max(10_000) }),
    data: z.record(z.string(), z.string()).optional(),
  }),
});

type Answer = { status: number; body: unknown };

const fcmError = (code: number, status: string, message: string): Answer => ({ status: code, body: { error: { code, status, message } } satisfies FcmErrorBody });

/**
 * POST /providers/:code/v1/projects/:project/messages:send — the simulator as an FCM HTTP v1 push
 * gateway. Checks the provider's auth (a bearer token), records each message once per
 * idempotency key, and answers like FCM: `{ name }`, or `{ error: { code, status, message } }` —
 * UNAVAILABLE (503) while the provider is `down`, INTERNAL (500) for `errorNext`, UNREGISTERED
 * (404) for a token listed in the behaviour's `pushUnregistered`, INVALID_ARGUMENT (400) for a
 * malformed request, UNAUTHENTICATED (401) for a wrong token.
 */
export async function handlePushRequest(provider: string, project: string, req: IncomingMessage, res: ServerResponse, state: SimulatorState): Promise<void> {
  const raw = await readBody(req);
  const parsed = parseJson(raw);
  const record = state.journal.open({
    provider,
    transport: 'http',
    method: req.method ?? 'POST',
    path: req.url ?? '',
    headers: redactHeaders(req.headers),
    body: parsed.ok ? parsed.value : '[not JSON]',
  });
  const answer = await answerPush(provider, project, req, raw, parsed, state, record);
  if (answer.status >= 400) state.journal.stats(provider).rejected += 1;
  state.journal.close(record, answer.status, answer.body);
  sendJson(res, answer.status, answer.body);
}

async function answerPush(
  provider: string,
  project: string,
  req: IncomingMessage,
  raw: Buffer,
  parsed: ReturnType<typeof parseJson>,
  state: SimulatorState,
  record: RequestRecord,
): Promise<Answer> {
  const behaviour = state.behaviour(provider);
  if (behaviour.config.down) return fcmError(503, 'UNAVAILABLE', `push gateway ${provider} is down (simulated)`);
  const authProblem = checkAuth(behaviour.config.auth, req.headers, raw);
  if (authProblem) return fcmError(401, 'UNAUTHENTICATED', authProblem);
  if (!parsed.ok) return fcmError(400, 'INVALID_ARGUMENT', `the body is not JSON: ${parsed.message}`);
  const send = FcmSend.safeParse(parsed.value);
  if (!send.success) return fcmError(400, 'INVALID_ARGUMENT', send.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  if (behaviour.takeError()) return fcmError(500, 'INTERNAL', 'injected error (errorNext)');
  const { message } = send.data;
  if (behaviour.config.pushUnregistered.includes(message.token)) return fcmError(404, 'UNREGISTERED', 'Requested entity was not found: the registration token is not registered');

  const messageId = header(req, 'idempotency-key');
  const key = messageId ? `push\n${provider}\n${messageId}` : undefined;
  const first = key ? state.firstAnswer<Answer>(key) : undefined;
  if (first) {
    state.journal.stats(provider).duplicates += 1;
    record.duplicate = true;
    return first;
  }
  const stored = state.messages.add({
    channel: 'push',
    provider,
    ...(messageId ? { messageId } : {}),
    to: [message.token],
    subject: message.notification.title,
    text: message.notification.body,
    project,
    ...(message.data ? { data: message.data } : {}),
  });
  state.journal.stats(provider).messages += 1;
  const answer: Answer = { status: 200, body: { name: `projects/${project}/messages/${stored.id}` } };
  if (key) state.rememberAnswer(key, Promise.resolve(answer));
  return answer;
}
