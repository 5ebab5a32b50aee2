import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { pickTemplateVariant, renderTemplate, type ExpressionContext } from '@signalbox/domain';
import type { ActionRequest, ActionResult, FailureNotice, RenderedMessage, RenderRequest } from '../activity.types';
import { isMessageChannel, type AdapterRegistry } from '../adapters/registry';
import type { ActivitiesConfig } from '../config';

export interface MessagingDeps {
  adapters: AdapterRegistry;
  config: ActivitiesConfig;
}

export function messagingActivities(deps: MessagingDeps) {
  const { adapters, config } = deps;

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

  /** Sends a rendered message on its channel. The message id is stable across retries. */
  async function communication(req: ActionRequest): Promise<ActionResult> {
    const info = Context.current().info;
    const message = req.message;
    if (!message) throw ApplicationFailure.nonRetryable('communication needs a rendered message', 'BadRequest');
    const messageId = `${req.workflowId}:${req.nodeId}:${info.activityId}`;
    if (isMessageChannel(message.channel)) {
      const sent = await adapters.messages.send(
        { messageId, channel: message.channel, to: message.to, body: message.body, ...(req.test ? { test: true } : {}) },
        { test: req.test, signal: Context.current().cancellationSignal },
      );
      return { outcome: 'success', output: { messageId, channel: message.channel, to: message.to, httpStatus: sent.httpStatus }, attempt: info.attempt };
    }
    const sent = await adapters.email.send({ messageId, to: message.to, subject: message.subject ?? message.templateCode, text: message.body, test: req.test });
    return { outcome: 'success', output: { messageId, channel: 'email', to: message.to, smtp: sent.response }, attempt: info.attempt };
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
