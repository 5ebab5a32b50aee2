import { useEffect, useRef, useState } from 'react';
import { ApiError, api, errorMessage } from '../../api/api-client';
import type { CanvasStore } from '../canvas.store';

export type SaveStatus = { state: 'idle' | 'saving' | 'saved'; at?: number } | { state: 'error'; message: string };

/** Debounced `PUT /workflows/{code}/draft` after every graph change; flushes on unmount. */
export function useAutosave(store: CanvasStore, eventCode: string, enabled: boolean, delayMs = 800): SaveStatus {
  const [status, setStatus] = useState<SaveStatus>({ state: 'idle' });
  const saved = useRef(store.getState().revision);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (!enabled) return;
    const save = async () => {
      const { revision } = store.getState();
      if (revision === saved.current) return;
      setStatus({ state: 'saving' });
      try {
        await api.put(`/workflows/${encodeURIComponent(eventCode)}/draft`, { graph: store.getState().graph() });
        saved.current = revision;
        setStatus({ state: 'saved', at: Date.now() });
      } catch (e) {
        const detail = e instanceof ApiError && e.problems.length ? `${e.problems[0].path}: ${e.problems[0].message}` : errorMessage(e);
        setStatus({ state: 'error', message: `Not saved — ${detail}` });
      }
    };
    const unsub = store.subscribe((s, prev) => {
      if (s.revision === prev.revision || s.readOnly) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(save, delayMs);
    });
    return () => {
      unsub();
      clearTimeout(timer.current);
      void save();
    };
  }, [store, eventCode, enabled, delayMs]);
  return status;
}
