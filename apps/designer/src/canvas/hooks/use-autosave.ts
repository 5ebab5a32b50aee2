import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import { ApiError, api, errorMessage } from '../../api/api-client';
import type { CanvasStore } from '../canvas.store';

/** `pending`: a change is waiting for the debounce before it is saved. */
export type SaveStatus = { state: 'idle' | 'pending' | 'saving' | 'saved'; at?: number } | { state: 'error'; message: string };
/** Saves a pending change now (a test run must run what the canvas shows, not the last save). */
export type FlushSave = () => Promise<void>;

/**
 * Debounced `PUT /workflows/{code}/draft` after every graph change; flushes on unmount.
 * A save happens only when the graph differs from what was last saved (or is being saved):
 * the draft may have changed on the server meanwhile, and an unchanged canvas must not overwrite it.
 */
export function useAutosave(store: CanvasStore, eventCode: string, enabled: boolean, delayMs = 800, flushRef?: MutableRefObject<FlushSave | null>): SaveStatus {
  const [status, setStatus] = useState<SaveStatus>({ state: 'idle' });
  // The graph as the server has it (as opened, then as last saved), and the one a save in flight sends.
  const baseline = useRef<{ store: CanvasStore; saved: string; sending: string | null } | null>(null);
  if (baseline.current?.store !== store) baseline.current = { store, saved: JSON.stringify(store.getState().graph()), sending: null };
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (!enabled) return;
    const base = baseline.current!;
    const save = async () => {
      if (store.getState().readOnly) return;
      const graph = store.getState().graph();
      const body = JSON.stringify(graph);
      if (body === base.saved || body === base.sending) return;
      base.sending = body;
      setStatus({ state: 'saving' });
      try {
        await api.put(`/workflows/${encodeURIComponent(eventCode)}/draft`, { graph });
        base.saved = body;
        setStatus({ state: 'saved', at: Date.now() });
      } catch (e) {
        const detail = e instanceof ApiError && e.problems.length ? `${e.problems[0].path}: ${e.problems[0].message}` : errorMessage(e);
        setStatus({ state: 'error', message: `Not saved — ${detail}` });
      } finally {
        if (base.sending === body) base.sending = null;
      }
    };
    const unsub = store.subscribe((s, prev) => {
      if (s.revision === prev.revision || s.readOnly) return;
      clearTimeout(timer.current);
      setStatus((st) => (st.state === 'saving' ? st : { state: 'pending' }));
      timer.current = setTimeout(save, delayMs);
    });
    if (flushRef) {
      flushRef.current = async () => {
        clearTimeout(timer.current);
        await save();
      };
    }
    return () => {
      unsub();
      if (flushRef) flushRef.current = null;
      clearTimeout(timer.current);
      void save();
    };
  }, [store, eventCode, enabled, delayMs]);
  return status;
}
