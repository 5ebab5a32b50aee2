import { describe, expect, it } from 'vitest';
import { incidentOf, runStatusOf, runVisibilityQuery } from './run-query';

describe('runVisibilityQuery', () => {
  it('limits to interpreter runs and ANDs each filter', () => {
    expect(runVisibilityQuery({})).toBe(`WorkflowType = 'interpreterWorkflow'`);
    expect(runVisibilityQuery({ eventCode: 'SIM_SWAP', msisdn: '447700900123', isTest: false, from: '2026-01-01T00:00:00Z' })).toBe(
      `WorkflowType = 'interpreterWorkflow' AND EventCode = 'SIM_SWAP' AND Msisdn = '447700900123' AND IsTest = false AND StartTime >= '2026-01-01T00:00:00Z'`,
    );
  });

  it('reads closed statuses from the execution status too', () => {
    expect(runVisibilityQuery({ status: 'Scheduled' })).toContain(`ExecutionStatus = 'Running' AND RunStatus = 'Scheduled'`);
    expect(runVisibilityQuery({ status: 'Failed' })).toContain(`ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut')`);
    expect(runVisibilityQuery({ status: 'Incident' })).toContain(`ExecutionStatus = 'Running' AND RunStatus = 'Incident'`);
  });

  it('finds parked runs by their node and the start of their error', () => {
    expect(runVisibilityQuery({ status: 'Incident', incidentNode: 'activate', incidentError: 'HTTP 503' })).toBe(
      `WorkflowType = 'interpreterWorkflow' AND IncidentNode = 'activate' AND IncidentError STARTS_WITH 'HTTP 503' AND ExecutionStatus = 'Running' AND RunStatus = 'Incident'`,
    );
  });

  it('refuses quotes in values', () => {
    expect(() => runVisibilityQuery({ accountId: "x' OR 1=1" })).toThrow(/unsafe/);
  });
});

describe('runStatusOf', () => {
  it('combines execution status and the upserted RunStatus', () => {
    expect(runStatusOf('RUNNING', 'Scheduled')).toBe('Scheduled');
    expect(runStatusOf('RUNNING', undefined)).toBe('Running');
    expect(runStatusOf('RUNNING', 'Incident')).toBe('Incident');
    expect(runStatusOf('COMPLETED', 'Failed')).toBe('Failed');
    expect(runStatusOf('COMPLETED', 'Running')).toBe('Completed');
    expect(runStatusOf('TERMINATED', 'Running')).toBe('Failed');
    expect(runStatusOf('CANCELLED', 'Running')).toBe('Cancelled');
  });
});

describe('incidentOf', () => {
  it('names the parked node and its error only while the run is parked', () => {
    const attrs = { IncidentNode: 'activate', IncidentError: 'provider hss-main answered 503' };
    expect(incidentOf('Incident', attrs)).toEqual({ nodeId: 'activate', error: 'provider hss-main answered 503' });
    expect(incidentOf('Incident', { IncidentNode: 'activate' })).toEqual({ nodeId: 'activate', error: '' });
    // A run that was retried keeps no stale incident, even if an attribute lingers.
    expect(incidentOf('Running', attrs)).toBeUndefined();
    expect(incidentOf('Incident', {})).toBeUndefined();
  });
});
