import type { SimulatorState } from '../state';

const STYLE = `
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; }
  header { background: #243b53; color: #fff; padding: 12px 24px; display: flex; gap: 16px; align-items: baseline; }
  header h1 { font-size: 18px; margin: 0; }
  header span { opacity: .75; font-size: 12px; }
  main { padding: 16px 24px; display: grid; gap: 16px; }
  section { background: #fff; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,.08); padding: 12px 16px; overflow-x: auto; }
  h2 { font-size: 15px; margin: 0 0 8px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e4e7eb; vertical-align: top; white-space: nowrap; }
  th { font-weight: 600; color: #52606d; font-size: 12px; text-transform: uppercase; }
  td.wrap { white-space: normal; min-width: 320px; max-width: 520px; word-break: break-word; }
  code { font-size: 12px; }
  .ok { color: #18794e; } .bad { color: #c62828; } .muted { color: #9aa5b1; }
  .pill { border-radius: 9px; padding: 0 8px; font-size: 12px; background: #e4e7eb; }
  .pill.active { background: #d3f9d8; } .pill.suspended { background: #fff3bf; }
  .pill.deactivated, .pill.closed { background: #ffe3e3; }
`;

/** The page analysts keep open during a demo; it reloads itself every 2 seconds. */
export function renderDashboard(state: SimulatorState): string {
  const stats = Object.entries(state.journal.allStats());
  const subscribers = state.subscribers.list();
  const requests = state.journal.list({ limit: 50 }).reverse();
  const messages = state.messages.list({ limit: 50 }).reverse();
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
<title>Signalbox network simulator</title><style>${STYLE}</style></head>
<body><header><h1>Signalbox network simulator</h1><span>refreshes every 2 s · ${esc(new Date().toISOString())}</span></header>
<main>
${section('Providers', ['provider', 'received', 'duplicates', 'completed', 'failed', 'rejected', 'messages', 'callbacks ok / failed', 'behaviour'],
  stats.map(([code, s]) => [
    `<b>${esc(code)}</b>`, s.received, s.duplicates, `<span class="ok">${s.completed}</span>`, `<span class="bad">${s.failed}</span>`,
    s.rejected, s.messages, `${s.callbacksDelivered} / ${s.callbacksFailed}`, behaviourSummary(state, code),
  ]), 'No traffic yet.')}
${section('Subscribers', ['provider', 'key', 'msisdn', 'status', 'services', 'imsi / iccid', 'orders'],
  subscribers.map((s) => [
    esc(s.provider), `<code>${esc(s.key)}</code>`, esc(s.msisdn ?? ''), pill(s.status),
    Object.entries(s.services).map(([type, st]) => `${esc(type)} ${pill(st)}`).join('<br>'),
    `${esc(s.sim.imsi ?? '–')} / ${esc(s.sim.iccid ?? '–')}${s.simHistory.length > 1 ? ` <span class="muted">(${s.simHistory.length - 1} swap${s.simHistory.length > 2 ? 's' : ''})</span>` : ''}`,
    s.history.map((h) => h.action).join(' '),
  ]), 'No subscribers yet.')}
${section('Last 50 requests', ['#', 'time', 'provider', 'request', 'body', 'answer', 'ms'],
  requests.map((r) => [
    r.id, esc(r.at.slice(11, 23)), esc(r.provider), `${esc(r.transport === 'tcp' ? 'TCP' : r.method)} <code>${esc(r.path)}</code>${r.duplicate ? ' <span class="pill">duplicate</span>' : ''}`,
    `<td class="wrap" title="${esc(truncate(JSON.stringify(r.body), 2000))}">${bodySummary(r.body)}</td>`,
    r.status === undefined ? '<span class="muted">waiting…</span>' : `<span class="${r.status < 400 ? 'ok' : 'bad'}">${r.status}</span> ${esc(answerSummary(r.answer))}`,
    r.latencyMs ?? '',
  ]), 'Nothing received yet.')}
${section('Last 50 messages', ['time', 'channel', 'from', 'to', 'subject', 'text'],
  messages.map((m) => [
    esc(m.at.slice(11, 23)), esc(m.channel), esc(m.from ?? m.provider), esc(m.to.join(', ')), esc(m.subject ?? ''),
    `<td class="wrap">${esc(truncate(m.text))}</td>`,
  ]), 'No messages yet.')}
</main></body></html>`;
}

function section(title: string, columns: string[], rows: Array<Array<string | number>>, empty: string): string {
  const head = columns.map((c) => `<th>${esc(c)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((cell) => (String(cell).startsWith('<td') ? String(cell) : `<td>${cell}</td>`)).join('')}</tr>`)
    .join('\n');
  return `<section><h2>${esc(title)}</h2>${rows.length ? `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>` : `<p class="muted">${esc(empty)}</p>`}</section>`;
}

function behaviourSummary(state: SimulatorState, code: string): string {
  const b = state.behaviour(code).config;
  const parts: string[] = [b.mode];
  if (b.down) parts.push('DOWN');
  if (b.hang) parts.push('hang');
  if (b.hangNext) parts.push(`hang next ${b.hangNext}`);
  if (b.latencyMs) parts.push(`${b.latencyMs} ms`);
  if (b.failRate) parts.push(`fail ${Math.round(b.failRate * 100)}%`);
  if (b.failNext) parts.push(`fail next ${b.failNext}`);
  if (b.errorNext) parts.push(`500 next ${b.errorNext}`);
  if (b.auth.type !== 'none') parts.push(`auth ${b.auth.type}`);
  return esc(parts.join(' · '));
}

/** One readable line per request; the full body is in the cell's tooltip and in /control/requests. */
function bodySummary(body: unknown): string {
  if (!body || typeof body !== 'object') return `<code>${esc(truncate(String(body ?? ''), 120))}</code>`;
  const b = body as Record<string, unknown>;
  if (typeof b.action === 'string' && typeof b.serviceOrderId === 'string') {
    const subject = (b.subject ?? {}) as Record<string, unknown>;
    const who = [subject.serviceId, subject.msisdn].filter((v) => typeof v === 'string').join(' / ');
    const fields = Object.keys((b.fields ?? {}) as object);
    return `<b>${esc(b.action)}</b> ${esc(String(b.serviceType ?? ''))} · ${esc(who)} <span class="muted">${esc(b.serviceOrderId)}${fields.length ? ` · ${esc(fields.join(', '))}` : ''}</span>`;
  }
  if (typeof b.channel === 'string' && typeof b.to === 'string') return `${esc(b.channel)} → ${esc(b.to)}: ${esc(truncate(String(b.body ?? ''), 80))}`;
  return `<code>${esc(truncate(JSON.stringify(body), 160))}</code>`;
}

function answerSummary(answer: unknown): string {
  if (!answer || typeof answer !== 'object') return '';
  const a = answer as Record<string, unknown>;
  return [a.status, a.message ?? (a.accepted ? 'accepted' : undefined)].filter((v) => typeof v === 'string').join(' ');
}

function pill(status: string): string {
  return `<span class="pill ${esc(status)}">${esc(status)}</span>`;
}

function truncate(text: string | undefined, max = 240): string {
  if (text === undefined) return '';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
