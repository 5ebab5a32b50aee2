import { useSyncExternalStore } from 'react';
import type { CanvasState, CanvasStore, DiffMark } from '../canvas.store';
import { useCanvasStoreApi } from '../canvas.context';

type Listener = () => void;

/**
 * One listener on the canvas store for all the steps' marks (problems, run state, diff): it tells
 * the steps only when one of those maps changes. Each step listening to the store itself ran a
 * thousand selectors on every drag step, whose store changes are only positions.
 */
function marksHub(store: CanvasStore) {
  const listeners = new Set<Listener>();
  let stop: (() => void) | undefined;
  return (listener: Listener) => {
    listeners.add(listener);
    stop ??= store.subscribe((s, prev) => {
      if (s.problemCounts !== prev.problemCounts || s.runNodes !== prev.runNodes || s.diffMarks !== prev.diffMarks) for (const l of [...listeners]) l();
    });
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        stop?.();
        stop = undefined;
      }
    };
  };
}

const hubs = new WeakMap<CanvasStore, (listener: Listener) => () => void>();

/** This step's problem counts, run state and diff mark; re-renders only when they change. */
export function useNodeMarks(id: string): { errors: number; warnings: number; run: CanvasState['runNodes'][string] | undefined; diff: DiffMark | undefined } {
  const store = useCanvasStoreApi();
  let subscribe = hubs.get(store);
  if (!subscribe) hubs.set(store, (subscribe = marksHub(store)));
  const count = useSyncExternalStore(subscribe, () => store.getState().problemCounts[id]);
  const run = useSyncExternalStore(subscribe, () => store.getState().runNodes[id]);
  const diff = useSyncExternalStore(subscribe, () => store.getState().diffMarks[id]);
  return { errors: count?.errors ?? 0, warnings: count?.warnings ?? 0, run, diff };
}
