import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { hubQueryProblem, tmfHubEventSignal, tmfHubStopSignal, tmfHubWorkflowId, WORKFLOW_TYPES, type TmfHubDeliveryInput, type TmfHubEvent } from '@signalbox/contracts';
import { SecretBox, TmfStore, type TmfDeliveryRow } from '@signalbox/persistence';
import { notFound, validationFailed, type Problem } from '../common/api-error';
import { listenerUrlProblem } from '../common/listener-url';
import { parseWith } from '../common/zod-problems';
import type { ApiConfigShape } from '../config/api.config';

export const HubCreate = z.strictObject({
  callback: z.string({ error: 'is required: the listener URL' }).max(2000, { error: 'must be at most 2,000 characters' }),
  query: z.string().max(500, { error: 'must be at most 500 characters' }).optional(),
});

/** Hub listeners (TMF641 /hub) and the ops view of their deliveries. */
@Injectable()
export class HubService {
  private readonly logger = new Logger(HubService.name);
  private readonly store: TmfStore;
  private readonly taskQueue: string;
  private readonly self: { host: string; port: number };

  constructor(
    dataSource: DataSource,
    private readonly client: Client,
    private readonly box: SecretBox,
    @Inject(ConfigService) config: ConfigService<ApiConfigShape, true>,
  ) {
    this.store = new TmfStore(dataSource);
    const api = config.getOrThrow('api', { infer: true });
    this.taskQueue = api.temporal.taskQueue;
    this.self = { host: api.host, port: api.port };
  }

  /** Registers a listener; its signing secret is answered this once and stored sealed. */
  async register(body: unknown, actor: string, requestHost: string | undefined) {
    const parsed = parseWith(HubCreate, body);
    if (!parsed.ok) throw validationFailed(parsed.problems);
    const problems: Problem[] = [];
    const urlProblem = listenerUrlProblem(parsed.data.callback, this.self, requestHost);
    if (urlProblem) problems.push({ path: 'callback', message: urlProblem });
    const queryProblem = parsed.data.query ? hubQueryProblem(parsed.data.query) : undefined;
    if (queryProblem) problems.push({ path: 'query', message: queryProblem });
    if (problems.length) throw validationFailed(problems, 'the listener was not registered');
    const secret = randomBytes(32).toString('base64url');
    const row = await this.store.createSubscription({ id: randomUUID(), callback: parsed.data.callback, query: parsed.data.query ?? null, sealedSecret: this.box.seal(secret), createdBy: actor });
    return {
      id: row.id,
      callback: row.callback,
      ...(row.query ? { query: row.query } : {}),
      '@type': 'EventSubscription',
      /** Shown once: check each notification's X-Signature with it (keyId is this subscription's id). */
      signing: { keyId: row.id, secret, header: 'X-Signature', scheme: 'keyId=<id>,ts=<unix seconds>,sig=<hex HMAC-SHA256(secret, "<ts>.<raw body>")>' },
    };
  }

  async unregister(id: string): Promise<void> {
    if (!z.uuid().safeParse(id).success || !(await this.store.deleteSubscription(id))) throw notFound('hub listener', id);
    try {
      await this.client.workflow.getHandle(tmfHubWorkflowId(id)).signal(tmfHubStopSignal);
    } catch (err) {
      // The stop only spares a deleted listener's workflow its queue: each delivery finds the
      // listener gone and drops its event anyway, so an unreachable Temporal is no reason to fail.
      if (!(err instanceof WorkflowNotFoundError)) this.logger.warn(`could not stop the delivery workflow of hub listener ${id}: ${(err as Error).message}`);
    }
  }

  async listeners() {
    return (await this.store.subscriptions()).map((s) => ({ id: s.id, callback: s.callback, ...(s.query ? { query: s.query } : {}), createdAt: s.createdAt }));
  }

  deliveries(q: { subscriptionId?: string; status?: TmfDeliveryRow['status']; limit: number }): Promise<TmfDeliveryRow[]> {
    return this.store.deliveries(q);
  }

  /** Sends a dead letter again, through its listener's delivery workflow (in order after what is queued). */
  async redrive(id: string): Promise<{ id: string; eventId: string; requeued: true }> {
    const dead = /^\d{1,18}$/.test(id) ? await this.store.deadLetter(id) : undefined;
    if (!dead) throw notFound('dead letter', id);
    if (!(await this.store.subscription(dead.subscriptionId))) throw validationFailed([{ path: 'id', message: `its listener ${dead.subscriptionId} was deleted` }]);
    const event: TmfHubEvent = { eventId: dead.eventId, eventType: dead.eventType, orderId: dead.orderId, body: dead.body, redrive: true };
    await this.client.workflow.signalWithStart(WORKFLOW_TYPES.tmfHubDelivery, {
      workflowId: tmfHubWorkflowId(dead.subscriptionId),
      taskQueue: this.taskQueue,
      args: [{ subscriptionId: dead.subscriptionId } satisfies TmfHubDeliveryInput],
      signal: tmfHubEventSignal,
      signalArgs: [event],
    });
    return { id, eventId: dead.eventId, requeued: true };
  }
}
