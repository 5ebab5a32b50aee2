import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { webhookEventSignal, webhookStopSignal, webhookWorkflowId, WORKFLOW_TYPES, type WebhookDeliveryInput, type WebhookEvent } from '@signalbox/contracts';
import { WebhookSubscriptionCreate } from '@signalbox/domain';
import { SecretBox, WebhookStore, type WebhookDeliveryRow, type WebhookSubscriptionRow } from '@signalbox/persistence';
import { notFound, validationFailed, type Problem } from '../common/api-error';
import { listenerUrlProblem } from '../common/listener-url';
import { parseWith } from '../common/zod-problems';
import type { ApiConfigShape } from '../config/api.config';

/** A subscription as the API shows it: never its secret. */
export function subscriptionView(row: WebhookSubscriptionRow) {
  return { id: row.id, url: row.url, ...(row.description ? { description: row.description } : {}), ...row.filter, createdBy: row.createdBy, createdAt: row.createdAt };
}

/** Signalbox-native webhook subscriptions, their delivery log and dead-letter re-drive. */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);
  private readonly store: WebhookStore;
  private readonly taskQueue: string;
  private readonly self: { host: string; port: number };

  constructor(
    dataSource: DataSource,
    private readonly client: Client,
    private readonly box: SecretBox,
    @Inject(ConfigService) config: ConfigService<ApiConfigShape, true>,
  ) {
    this.store = new WebhookStore(dataSource);
    const api = config.getOrThrow('api', { infer: true });
    this.taskQueue = api.temporal.taskQueue;
    this.self = { host: api.host, port: api.port };
  }

  /** Saves a subscription; its signing secret is answered this once and stored sealed. Nothing is saved on bad input. */
  async create(body: unknown, actor: string, requestHost: string | undefined) {
    const parsed = parseWith(WebhookSubscriptionCreate, body);
    // The URL rule is checked even when other fields are wrong, so one answer names every problem.
    const url = (body as { url?: unknown } | null)?.url;
    const urlProblem = typeof url === 'string' && url.length <= 2000 ? listenerUrlProblem(url, this.self, requestHost) : undefined;
    const problems: Problem[] = [...(parsed.ok ? [] : (parsed.problems as Problem[])), ...(urlProblem ? [{ path: 'url', message: urlProblem }] : [])];
    if (!parsed.ok || problems.length) throw validationFailed(problems, 'the subscription was not saved');
    const { url: listener, description, ...filter } = parsed.data;
    const secret = randomBytes(32).toString('base64url');
    const row = await this.store.createSubscription({ id: randomUUID(), url: listener, ...(description ? { description } : {}), filter, sealedSecret: this.box.seal(secret), createdBy: actor });
    return {
      ...subscriptionView(row),
      /** Shown once: check each webhook's X-Signature with it (keyId is this subscription's id). */
      signing: { keyId: row.id, secret, header: 'X-Signature', scheme: 'keyId=<id>,ts=<unix seconds>,sig=<hex HMAC-SHA256(secret, "<ts>.<raw body>")>' },
    };
  }

  async list() {
    return (await this.store.subscriptions()).map(subscriptionView);
  }

  async get(id: string) {
    return subscriptionView(await this.existing(id));
  }

  async remove(id: string): Promise<void> {
    if (!z.uuid().safeParse(id).success || !(await this.store.deleteSubscription(id))) throw notFound('subscription', id);
    try {
      await this.client.workflow.getHandle(webhookWorkflowId(id)).signal(webhookStopSignal);
    } catch (err) {
      // Each delivery finds the subscription gone and drops its event anyway: an unreachable Temporal is no reason to fail.
      if (!(err instanceof WorkflowNotFoundError)) this.logger.warn(`could not stop the delivery workflow of subscription ${id}: ${(err as Error).message}`);
    }
  }

  async deliveries(id: string, q: { status?: WebhookDeliveryRow['status']; limit: number }): Promise<WebhookDeliveryRow[]> {
    await this.existing(id);
    return this.store.deliveries({ subscriptionId: id, ...q });
  }

  /** Sends a dead letter again, through its subscription's delivery workflow (in order after what is queued). */
  async redrive(id: string, deliveryId: string): Promise<{ id: string; eventId: string; requeued: true }> {
    await this.existing(id);
    const dead = /^\d{1,18}$/.test(deliveryId) ? await this.store.deadLetter(id, deliveryId) : undefined;
    if (!dead) throw notFound('dead letter', deliveryId);
    const event: WebhookEvent = { eventId: dead.eventId, eventType: dead.eventType, subjectId: dead.subjectId, body: dead.body, redrive: true };
    await this.client.workflow.signalWithStart(WORKFLOW_TYPES.webhookDelivery, {
      workflowId: webhookWorkflowId(id),
      taskQueue: this.taskQueue,
      args: [{ subscriptionId: id } satisfies WebhookDeliveryInput],
      signal: webhookEventSignal,
      signalArgs: [event],
    });
    return { id: deliveryId, eventId: dead.eventId, requeued: true };
  }

  private async existing(id: string): Promise<WebhookSubscriptionRow> {
    const row = z.uuid().safeParse(id).success ? await this.store.subscription(id) : undefined;
    if (!row) throw notFound('subscription', id);
    return row;
  }
}
