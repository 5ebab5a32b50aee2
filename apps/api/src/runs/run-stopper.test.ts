import { describe, expect, it } from 'vitest';
import { needsTermination, terminationReason } from './run-stopper';

describe('cancel falling back to terminate', () => {
  it('terminates only an open run whose workflow task keeps failing', () => {
    expect(needsTermination({ running: true, workflowTaskAttempt: 7 })).toBe(true);
    // A healthy run handles the cancel itself; a run that already ended needs nothing.
    expect(needsTermination({ running: true, workflowTaskAttempt: 0 })).toBe(false);
    expect(needsTermination({ running: true, workflowTaskAttempt: 1 })).toBe(false);
    expect(needsTermination({ running: false, workflowTaskAttempt: 7 })).toBe(false);
  });

  it('records who cancelled and why the run was terminated', () => {
    expect(terminationReason('ops (k1)', { running: true, workflowTaskAttempt: 4 })).toBe('cancel requested by ops (k1); workflow task failing (attempt 4), so the run was terminated');
  });
});
