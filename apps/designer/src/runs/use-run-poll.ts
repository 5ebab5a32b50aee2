import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api/api-client';
import type { RunDetail } from '../api/api-types';

const CLOSED = new Set(['Completed', 'Failed', 'Cancelled']);

/** Polls GET /runs/{id} every second until the run closes. */
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
        if (CLOSED.has(r.status) || CLOSED.has(r.state?.status ?? '')) return;
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
