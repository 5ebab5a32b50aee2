import type { SmtpEmailAdapter } from '@signalbox/activities';
import type { ProbeNotice } from './probe-monitor';

/**
 * Sends a probe notice by email (SMTP) or, when the target is an http(s) URL, as a JSON POST —
 * the same two channels as run-failure notices. No target and no ops address: nothing is sent.
 */
export function probeNotifier(options: { email: Pick<SmtpEmailAdapter, 'send'>; opsEmail?: string }) {
  return async (notice: ProbeNotice, target: string | undefined): Promise<void> => {
    const to = target ?? options.opsEmail;
    if (!to) return;
    const headline = `Signalbox probe ${notice.probe} ${notice.state}`;
    if (/^https?:\/\//.test(to)) {
      const response = await fetch(to, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: `probe.${notice.state}`, ...notice }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`the probe webhook ${to} answered ${response.status}`);
      return;
    }
    await options.email.send({
      messageId: `probe-${notice.probe}-${notice.state}-${Date.parse(notice.at)}`,
      to,
      subject: headline,
      text: [
        `${headline} at ${notice.at}.`,
        `Kind: ${notice.kind}; value ${formatValue(notice)}${notice.samples === undefined ? '' : ` over ${notice.samples} samples`}.`,
        `Definition: ${JSON.stringify(notice.definition)}`,
      ].join('\n'),
    });
  };
}

function formatValue(notice: ProbeNotice): string {
  return notice.kind === 'error-rate' ? `${(notice.value * 100).toFixed(1)}%` : String(notice.value);
}
