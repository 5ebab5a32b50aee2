import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api/api-client';
import type { RunDetail } from '../api/api-types';

const CLOSED = new Set(['Completed', 'Failed', 'Cancelled']);

/** Polls GET /runs/{id} every second until Temporal reports the run closed. */
export function useRunPoll(runId: string | null): { run: RunDetail | null; error: string | null } {
  const [run, setRun] = useState<RunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setRun(null);
    setError(null);
    if (!runId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        const r = await api.get<RunDetail>(`/runs/${encodeURIComponent(runId)}`);
        if (stopped) return;
        setRun(r);
        setError(null);
        // Temporal's status decides: the run's own state can read Completed a moment before the
        // workflow has closed, and stopping then would leave the run shown as Running for good.
        if (CLOSED.has(r.status)) return;
      } catch (e) {
        if (stopped) return;
        setError(errorMessage(e));
      }
      timer = setTimeout(tick, 1000);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [runId]);
  return { run, error };
}
