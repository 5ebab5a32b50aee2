import { useState } from 'react';
import type { ProbeDefinition, ProbeStatus } from '@signalbox/contracts';
import { api, errorMessage } from '../api/api-client';
import { usePermissions } from '../app/session';
import { formatTime } from '../runs/run-format';
import { Banner, Empty, ErrorState, Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';
import type { ProbesHealth } from './ops.types';

/** What a probe watches and when it trips, in words. */
function describeProbe(d: ProbeDefinition): { watches: string; trips: string } {
  switch (d.kind) {
    case 'error-rate':
      return {
        watches: d.eventCode ? `runs of ${d.eventCode}` : `orders at ${d.provider}`,
        trips: `failed share over ${Math.round(d.threshold * 100)} % in ${d.windowMinutes} min (at least ${d.minSamples})`,
      };
    case 'stale-orders':
      return { watches: `orders ${d.provider ? `at ${d.provider} ` : ''}still PROCESSING`, trips: `more than ${d.threshold} older than ${d.olderThanMinutes} min` };
    case 'late-batches':
      return { watches: `batch executions${d.batch ? ` of ${d.batch}` : ''}`, trips: `more than ${d.threshold} started ${d.lateMinutes} min late in ${d.windowMinutes} min` };
  }
}

function formatValue(p: ProbeStatus): string {
  if (p.value === null) return '—';
  if (p.definition.kind === 'error-rate') return `${(p.value * 100).toFixed(1)} %${p.samples !== null ? ` of ${p.samples}` : ''}`;
  return String(p.value);
}

/**
 * Operations → Probes: each alert probe with its state (unknown until the worker first evaluates
 * it, ok, tripped), the value it last measured, since when it is in that state, and where its
 * notices go — a probe notifies once when it trips and once when it clears.
 */
export function ProbesScreen() {
  const { operate } = usePermissions();
  const health = useAsync(() => api.get<ProbesHealth>('/health/probes'), []);
  const [action, setAction] = useState<{ error?: string; done?: string }>({});
  const toggle = async (p: ProbeStatus) => {
    const enabled = !p.definition.enabled;
    try {
      await api.put(`/probes/${encodeURIComponent(p.code)}`, { ...p.definition, enabled });
      setAction({ done: `${enabled ? 'Enabled' : 'Disabled'} ${p.code}.` });
      health.reload();
    } catch (err) {
      setAction({ error: `${p.code}: ${errorMessage(err)}` });
    }
  };
  const data = health.data;
  return (
    <div className="screen">
      <div className="screen-main">
        <header className="screen-header">
          <div>
            <h1>Probes</h1>
            <p className="muted">Error rates and punctuality the worker watches. A probe that trips notifies once, and again when it clears.</p>
          </div>
          <div className="toolbar">
            <button className="btn" onClick={health.reload}>
              Refresh
            </button>
          </div>
        </header>
        {action.done && <Banner kind="ok" onClose={() => setAction({})}>{action.done}</Banner>}
        {action.error && <Banner kind="error" onClose={() => setAction({})}>{action.error}</Banner>}
        {health.loading && !data ? (
          <Loading what="Loading probes" />
        ) : health.error ? (
          <ErrorState message={health.error} onRetry={health.reload} />
        ) : !data?.probes.length ? (
          <Empty title="No probes defined.">Define one with PUT /api/probes/&#123;code&#125; (error rate, stale orders, late batches); see docs/operations.md.</Empty>
        ) : (
          <>
            {data.status === 'tripped' ? (
              <Banner kind="error">
                Tripped: <strong>{data.tripped.join(', ')}</strong>
              </Banner>
            ) : (
              <Banner kind="ok">No enabled probe is tripped.</Banner>
            )}
            <table className="table" data-testid="probes-table">
              <thead>
                <tr>
                  <th>Probe</th>
                  <th>State</th>
                  <th>Watches</th>
                  <th>Trips when</th>
                  <th>Last value</th>
                  <th>In this state since</th>
                  <th>Notices to</th>
                  {operate && <th />}
                </tr>
              </thead>
              <tbody>
                {data.probes.map((p) => {
                  const { watches, trips } = describeProbe(p.definition);
                  return (
                    <tr key={p.code} className="static">
                      <td className="nowrap">
                        <strong className="mono">{p.code}</strong>
                        {p.definition.description ? <div className="muted small">{p.definition.description}</div> : null}
                      </td>
                      <td>
                        <span className={`pill probe-${p.state}`}>{p.state}</span>
                        {!p.definition.enabled && <span className="pill">disabled</span>}
                        {p.error ? <div className="field-error small">{p.error}</div> : null}
                      </td>
                      <td className="small">{watches}</td>
                      <td className="small">{trips}</td>
                      <td>{formatValue(p)}</td>
                      <td className="small">
                        {p.changedAt ? formatTime(p.changedAt) : <span className="muted">never evaluated</span>}
                        {p.evaluatedAt ? <div className="muted">checked {formatTime(p.evaluatedAt)}</div> : null}
                      </td>
                      <td className="small">{p.definition.notify ?? <span className="muted">the ops address (SIGNALBOX_OPS_EMAIL)</span>}</td>
                      {operate && (
                        <td>
                          <button className="btn" onClick={() => void toggle(p)} aria-label={`${p.definition.enabled ? 'Disable' : 'Enable'} ${p.code}`}>
                            {p.definition.enabled ? 'Disable' : 'Enable'}
                          </button>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        )}
      </div>
    </div>
  );
}
