import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { batchText, FileAuthenticationError, openFile, readBatchText, sealFile } from './file-batch';

const key = randomBytes(32).toString('base64');
const answers = [
  { serviceOrderId: 'a', status: 'COMPLETED' },
  { serviceOrderId: 'b', status: 'FAILED', message: 'no such card' },
];

describe('file batch format', () => {
  it('round-trips a batch sealed under the key, numbering lines from 2', () => {
    const sealed = sealFile(key, batchText({ kind: 'responses', batchId: 'r1', provider: 'ca-files' }, answers));
    expect(sealed.includes(Buffer.from('no such card'))).toBe(false);
    const read = readBatchText(openFile(key, sealed), 'responses');
    expect(read.ok && read.lines.map((l) => l.line)).toEqual([2, 3]);
  });

  it('refuses a tampered file, and one sealed with another key', () => {
    const sealed = sealFile(key, batchText({ kind: 'responses', batchId: 'r1', provider: 'ca-files' }, answers));
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 3] = tampered[tampered.length - 3]! ^ 0x01;
    expect(() => openFile(key, tampered)).toThrow(FileAuthenticationError);
    expect(() => openFile(randomBytes(32).toString('base64'), sealed)).toThrow(FileAuthenticationError);
  });

  it('refuses a body that does not match its header', () => {
    const text = batchText({ kind: 'responses', batchId: 'r1', provider: 'ca-files' }, answers);
    expect(readBatchText(text.replace('no such card', 'no such cart'), 'responses')).toEqual({ ok: false, problem: expect.stringContaining('checksum') });
    expect(readBatchText(text, 'orders')).toEqual({ ok: false, problem: expect.stringContaining('expected') });
  });
});
