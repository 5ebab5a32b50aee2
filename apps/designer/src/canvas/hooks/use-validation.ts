import { useEffect } from 'react';
import type { CatalogView } from '@signalbox/domain';
import { validateWorkflow } from '../../domain/domain.adapter';
import type { CanvasStore } from '../canvas.store';

/** Runs the domain's validateWorkflow in the browser after each change (moves excepted: they change no problem), against the fetched catalog. */
export function useValidation(store: CanvasStore, view: CatalogView, eventCode: string): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () => {
      try {
        store.getState().setProblems(validateWorkflow(store.getState().graph(), view, { eventCode }));
      } catch (e) {
        store.getState().setProblems([{ severity: 'error', code: 'validator-failed', message: `Validation could not run: ${(e as Error).message}` }]);
      }
    };
    run();
    const unsub = store.subscribe((s, prev) => {
      if (s.contentRevision === prev.contentRevision) return;
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    return () => (unsub(), clearTimeout(timer));
  }, [store, view, eventCode]);
}
