import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api/api-client';
import type { RunDetail } from '../api/api-types';

const CLOSED = new Set(['Completed', 'Failed', 'Cancelled']);
const POLL_MS = 1000;

/**
 * Polls GET /runs/{id} every second until Temporal reports the run closed. `refresh` reads it at
 * once (after the user signalled or cancelled it) and restarts polling if it had stopped.
 */
export function useRunPoll(runId: string | null): { run: RunDetail | null; error: string | null; refresh(): void } {
  const [run, setRun] = useState<RunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tickRef = useRef<() => void>(() => undefined);
  useEffect(() => {
    setRun(null);
    setError(null);
    if (!runId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    const tick = async () => {
      clearTimeout(timer);
      if (inFlight) return;
      inFlight = true;
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
      } finally {
        inFlight = false;
      }
      if (!stopped) timer = setTimeout(() => void tick(), POLL_MS);
    };
    tickRef.current = () => void tick();
    void tick();
    return () => {
      stopped = true;
      tickRef.current = () => undefined;
      clearTimeout(timer);
    };
  }, [runId]);
  const refresh = useCallback(() => tickRef.current(), []);
  return { run, error, refresh };
}
