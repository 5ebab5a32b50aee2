import { createContext, useContext } from 'react';

/** What the open step's panel needs from the workflow screen for previews and "run this step". */
export interface StepRunScope {
  eventCode: string;
  /** Saves what the canvas shows: a step run takes the saved draft. */
  flushSave(): Promise<void>;
  /** The draft is shown and the user may test-run it. */
  canRun: boolean;
}

export const StepRunContext = createContext<StepRunScope | null>(null);

export function useStepRunScope(): StepRunScope | null {
  return useContext(StepRunContext);
}
