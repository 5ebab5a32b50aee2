import { describe, expect, it } from 'vitest';
import { CoalescedReads } from './revision-probe';

/** A read whose answers the test releases one by one; each answer is the database's value when it was sent. */
function controlledReads() {
  let value = 0;
  const pending: { sentAt: number; resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
  const reads = new CoalescedReads<number>(
    () =>
      new Promise<number>((resolve, reject) => {
        pending.push({ sentAt: value, resolve, reject });
      }),
  );
  return {
    reads,
    write: () => ++value,
    sent: () => pending.length,
    finish: async (i: number) => {
      pending[i]!.resolve(pending[i]!.sentAt);
      // Lets the queued read be sent.
      for (let n = 0; n < 5; n++) await Promise.resolve();
    },
    fail: async (i: number) => {
      pending[i]!.reject(new Error('connection lost'));
      for (let n = 0; n < 5; n++) await Promise.resolve();
    },
  };
}

describe('CoalescedReads', () => {
  it('gives callers that arrive during a read the next read, shared, so none sees a value older than its arrival', async () => {
    const db = controlledReads();
    const first = db.reads.current();
    expect(db.sent()).toBe(1);
    // A write commits while the first read is in flight; two callers arrive after it.
    db.write();
    const second = db.reads.current();
    const third = db.reads.current();
    expect(db.sent()).toBe(1);
    await db.finish(0);
    expect(await first).toBe(0);
    expect(db.sent()).toBe(2);
    await db.finish(1);
    expect(await second).toBe(1);
    expect(await third).toBe(1);
  });

  it('sends a fresh read for a caller that arrives when none is in flight', async () => {
    const db = controlledReads();
    const first = db.reads.current();
    await db.finish(0);
    expect(await first).toBe(0);
    db.write();
    const later = db.reads.current();
    expect(db.sent()).toBe(2);
    await db.finish(1);
    expect(await later).toBe(1);
  });

  it('fails only the callers of a failed read; the queued ones get a read of their own', async () => {
    const db = controlledReads();
    const first = db.reads.current();
    const queued = db.reads.current();
    const firstFailed = expect(first).rejects.toThrow('connection lost');
    await db.fail(0);
    await firstFailed;
    expect(db.sent()).toBe(2);
    await db.finish(1);
    expect(await queued).toBe(0);
  });
});
