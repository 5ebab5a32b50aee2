import { afterEach, describe, expect, it } from 'vitest';
import type { RunState } from '@signalbox/contracts';
import { clearPinnedSample, pinSample, readPinnedSample } from './pinned-sample.store';
import { pinnedNodesOfRun } from './sample-from-run';

describe('pinned sample store', () => {
  afterEach(() => localStorage.clear());

  it('keeps one sample per event code in localStorage, and clears it', () => {
    const sample = { subject: { msisdn: '447700900123' }, data: { apn: 'internet' }, nodes: {} };
    pinSample('CODE_A', sample);
    expect(readPinnedSample('CODE_A')).toEqual(sample);
    expect(readPinnedSample('CODE_B')).toBeNull();
    expect(JSON.parse(localStorage.getItem('signalbox.pinned-sample.CODE_A') ?? 'null')).toEqual(sample);
    clearPinnedSample('CODE_A');
    expect(readPinnedSample('CODE_A')).toBeNull();
    expect(localStorage.getItem('signalbox.pinned-sample.CODE_A')).toBeNull();
  });

  it('ignores what storage holds when it is not a valid sample', () => {
    localStorage.setItem('signalbox.pinned-sample.CODE_C', JSON.stringify({ subject: { msisdn: 'abc' } }));
    expect(readPinnedSample('CODE_C')).toBeNull();
    localStorage.setItem('signalbox.pinned-sample.CODE_D', '{ not json');
    expect(readPinnedSample('CODE_D')).toBeNull();
  });
});

describe('pinnedNodesOfRun', () => {
  it("takes each finished step's outcome and output, leaving out start, end and unfinished steps", () => {
    const state = {
      status: 'Completed',
      trail: [],
      nodes: {
        s: { nodeId: 's', kind: 'start', status: 'completed', outcome: 'next' },
        a: { nodeId: 'a', kind: 'action', status: 'completed', outcome: 'success', output: { imsi: '1' } },
        w: { nodeId: 'w', kind: 'wait', status: 'in-progress' },
        d: { nodeId: 'd', kind: 'decision', status: 'completed', outcome: 'default' },
        e: { nodeId: 'e', kind: 'end', status: 'completed', outcome: 'completed' },
      },
    } as RunState;
    expect(pinnedNodesOfRun(state)).toEqual({ a: { outcome: 'success', output: { imsi: '1' } }, d: { outcome: 'default' } });
    expect(pinnedNodesOfRun(null)).toEqual({});
  });
});
