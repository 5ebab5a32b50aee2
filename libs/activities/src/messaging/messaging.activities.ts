import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { maskRecipient, pickTemplateVariant, renderTemplate, type ExpressionContext, type Provider } from '@signalbox/domain';
import type { OutboundMessage } from '@signalbox/persistence';
import type { ActionRequest, ActionResult, FailureNotice, RenderedMessage, RenderRequest } from '../activity.types';
import { PUSH_UNREGISTERED } from '../adapters/fcm-push.adapter';
import type { AdapterRegistry } from '../adapters/registry';
import type { ActivitiesConfig } from '../config';
import type { MessageDeliveryPort, ProviderDirectory } from '../ports';
import { channelProvider, sendOnChannel } from './channel-send';

export interface MessagingDeps {
  adapters: AdapterRegistry;
  config: ActivitiesConfig;
  providers: ProviderDirectory;
  /** Per-message delivery status (the worker's is the database's outbound_messages). */
  deliveries?: MessageDeliveryPort;
  clock?: () => Date;
}

export function messagingActivities(deps: MessagingDeps) {
  const { adapters, config, deliveries } = deps;
  const clock = deps.clock ?? (() => new Date());
  const sendDeps = { adapters, config, providers: deps.providers };

  /**
   * Picks the variant in the reader's language (the action's locale, else the event's
   * `data.locale`, with the fallback chain of pickTemplateVariant) and fills it.
   */
  async function renderMessage(req: RenderRequest): Promise<RenderedMessage> {
    const t = req.template;
    const context = req.context as unknown as ExpressionContext;
    const variant = pickTemplateVariant(t.variants, t.defaultLocale, req.locale ?? context.data?.locale);
    try {
      const body = await renderTemplate(variant.body, context);
      const subject = variant.subject ? await renderTemplate(variant.subject, context) : undefined;
      return { channel: req.channel ?? t.channel, to: req.to, locale: variant.locale, body, templateCode: req.templateCode, ...(subject !== undefined ? { subject } : {}) };
    } catch (err) {
      throw ApplicationFailure.nonRetryable(`template ${req.templateCode} (${variant.locale}) does not render: ${err instanceof Error ? err.message : String(err)}`, 'TemplateError');
    }
  }

  /**
   * Sends a rendered message on its channel. The message id is stable across retries. Every message
   * gets a delivery row (queued, then sent or failed; a gateway's report moves it on). A refusal that
   * a retry would only repeat (a bad address, an unregistered device, a provider set up wrong) ends
   * the step with outcome `failure` and the reason in its output instead of an error, so the run
   * records it like any step result and follows its failure edge; what other steps did stands.
   * Problems worth another attempt (a gateway down) throw, and Temporal retries.
   */
  async function communication(req: ActionRequest): Promise<ActionResult> {
    const info = Context.current().info;
    // Rendered here when the run sent the template (a render is deterministic: a retry renders the same).
    const message = req.message ?? (req.render ? await renderMessage(req.render) : undefined);
    if (!message) throw ApplicationFailure.nonRetryable('communication needs a message or a template to render', 'BadRequest');
    const messageId = `${req.workflowId}:${req.nodeId}:${info.activityId}`;
    const base = { messageId, channel: message.channel, to: message.to, template: message.templateCode, locale: message.locale };
    let provider: Provider | undefined;
    try {
      provider = await channelProvider(sendDeps, req, message.channel);
    } catch (err) {
      if (!isRefusal(err)) throw err;
      await record(() => deliveries?.queued(outbound(req, message, messageId, undefined)));
      await record(() => deliveries?.settled(messageId, 'failed', { error: err.message }));
      return { outcome: 'failure', output: { ...base, status: 'failed', error: err.message }, attempt: info.attempt };
    }
    await record(() => deliveries?.queued(outbound(req, message, messageId, provider?.code)));
    try {
      const sent = await sendOnChannel(sendDeps, req, message, messageId, provider, Context.current().cancellationSignal, clock());
      await record(() => deliveries?.settled(messageId, 'sent', sent.answer));
      return { outcome: 'success', output: { ...base, ...(provider ? { provider: provider.code } : {}), status: 'sent', ...sent.answer }, attempt: info.attempt };
    } catch (err) {
      if (!isRefusal(err)) {
        // Kept `queued` with what went wrong while another attempt may still send it; the last
        // attempt records it failed (the step then fails too: no answer is left looking pending).
        const last = !!req.maximumAttempts && info.attempt >= req.maximumAttempts;
        const error = last ? `gave up after ${info.attempt} attempt${info.attempt === 1 ? '' : 's'}: ${errorText(err)}` : errorText(err);
        await record(() => deliveries?.settled(messageId, last ? 'failed' : 'queued', { error }));
        throw err;
      }
      const status = err.type === PUSH_UNREGISTERED ? 'undeliverable' : 'failed';
      await record(() => deliveries?.settled(messageId, status, { error: err.message, ...(err.details?.[0] && typeof err.details[0] === 'object' ? (err.details[0] as object) : {}) }));
      return { outcome: 'failure', output: { ...base, ...(provider ? { provider: provider.code } : {}), status, error: err.message }, attempt: info.attempt };
    }
  }

  /** The delivery record is bookkeeping: losing it must not fail or repeat a send. */
  async function record(write: () => Promise<void> | undefined): Promise<void> {
    try {
      await write();
    } catch (err) {
      Context.current().log.warn(`message delivery status not recorded: ${errorText(err)}`);
    }
  }

  /** Tells ops that a run ended failed: a webhook when the address is a URL, email otherwise. */
  async function notifyFailure(notice: FailureNotice): Promise<{ sentTo?: string }> {
    const to = notice.to ?? config.opsEmail;
    if (!to) return {};
    const keys = Object.entries(notice.subject)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ');
    const text = [
      `Run ${notice.workflowId} of ${notice.eventCode} v${notice.version}${notice.test ? ' (test run)' : ''} ended failed.`,
      `Subject: ${keys}`,
      `Reason: ${notice.reason}`,
    ].join('\n');
    if (/^https?:\/\//.test(to)) {
      const response = await fetch(to, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(notice.test ? { 'x-signalbox-test': '1' } : {}) },
        body: JSON.stringify({ type: 'run.failed', ...notice }),
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status >= 500) throw ApplicationFailure.retryable(`failure webhook ${to} answered ${response.status}`);
      if (!response.ok) throw ApplicationFailure.nonRetryable(`failure webhook ${to} refused the notice: ${response.status}`);
      return { sentTo: to };
    }
    await adapters.email.send({
      messageId: `failed:${notice.workflowId}`,
      to,
      subject: `Signalbox: ${notice.eventCode} run failed`,
      text,
      test: notice.test,
    });
    return { sentTo: to };
  }

  return { renderMessage, communication, notifyFailure };
}

function outbound(req: ActionRequest, message: RenderedMessage, messageId: string, providerCode: string | undefined): OutboundMessage {
  return {
    messageId,
    runId: req.workflowId,
    nodeId: req.nodeId,
    channel: message.channel,
    ...(providerCode ? { providerCode } : {}),
    recipient: maskRecipient(message.channel, message.to),
    templateCode: message.templateCode,
    locale: message.locale,
    test: req.test,
  };
}

/** A failure another attempt would only repeat. */
function isRefusal(err: unknown): err is ApplicationFailure {
  return err instanceof ApplicationFailure && err.nonRetryable === true;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
