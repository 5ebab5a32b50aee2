import type { ServiceOrderExchange } from '../api/api-types';
/** "1.2 s", "340 ms", "2 m 05 s" between two ISO instants (or until now). */
export function formatElapsed(start: string | null, end?: string): string {
  if (!start) return '';
  const ms = (end ? Date.parse(end) : Date.now()) - Date.parse(start);
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${m} m ${String(s).padStart(2, '0')} s`;
}

/** A run's duration; a Scheduled run has not started yet, so it shows when it will (if known). */
export function runDuration(run: { status: string; startedAt: string | null; closedAt?: string; startsAt?: string }): string {
  if (run.status === 'Scheduled') return run.startsAt ? `starts at ${formatTime(run.startsAt)}` : 'not started yet';
  return formatElapsed(run.startedAt, run.closedAt);
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** "Saved · 2 s ago" style relative time. */
export function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  return `${Math.round(m / 60)} h ago`;
}

/** The summary line of one provider exchange: when, which way, the HTTP status and latency, the note. */
export function exchangeSummary(x: ServiceOrderExchange): string {
  const parts = [formatTime(x.at), x.direction];
  if (x.httpStatus !== null) parts.push(`HTTP ${x.httpStatus}`);
  if (x.latencyMs !== null) parts.push(`${x.latencyMs} ms`);
  if (x.note) parts.push(x.note);
  return parts.join(' · ');
}
