import { describe, expect, it } from 'vitest';
import { bulkCounts, incidentQuery, MAX_BULK_QUERY, selectionQuery } from './bulk.model';

describe('selectionQuery', () => {
  it('names the selected runs', () => {
    expect(selectionQuery(['run:A:1', 'run:A:2'])).toEqual({ query: `WorkflowId IN ('run:A:1', 'run:A:2')` });
  });

  it('refuses an empty selection, an id it cannot quote, and a query longer than the API takes', () => {
    expect(selectionQuery([])).toHaveProperty('error');
    expect(selectionQuery(["run:A:x' OR 1=1"])).toHaveProperty('error', expect.stringMatching(/cannot be named/));
    const many = Array.from({ length: 200 }, (_, i) => `run:SIM_SWAP:${String(i).padStart(20, '0')}`);
    expect(`WorkflowId IN (${many.map((id) => `'${id}'`).join(', ')})`.length).toBeGreaterThan(MAX_BULK_QUERY);
    expect(selectionQuery(many)).toHaveProperty('error', expect.stringMatching(/all matching/));
  });
});

describe('bulkCounts', () => {
  it('counts every run acted on, whatever the outcome, against what matched', () => {
    expect(bulkCounts({ listed: 2, applied: 1, refused: 0, failed: 1 }, 3)).toEqual({ processed: 2, total: 3 });
    expect(bulkCounts({ listed: 5, applied: 5, refused: 0, failed: 0 }, 3)).toEqual({ processed: 5, total: 5 });
  });
});

describe('incidentQuery', () => {
  it('always asks for parked runs and turns an age into a start time', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(incidentQuery({ eventCode: ' sim_swap ', incidentNode: '', incidentError: '', olderThanMinutes: '30' }, now)).toEqual({
      status: 'Incident',
      eventCode: 'SIM_SWAP',
      to: '2026-12-01T09:30:00.000Z',
    });
    expect(incidentQuery({ eventCode: '', incidentNode: 'activate', incidentError: 'HTTP 503', olderThanMinutes: 'x' }, now)).toEqual({
      status: 'Incident',
      incidentNode: 'activate',
      incidentError: 'HTTP 503',
    });
  });
});
