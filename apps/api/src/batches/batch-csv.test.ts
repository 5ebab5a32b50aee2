import { describe, expect, it } from 'vitest';
import { parseBatchCsv, splitCsvLine } from './batch-csv';

describe('parseBatchCsv', () => {
  it('reads subjects and data columns, skipping blank lines', () => {
    const parsed = parseBatchCsv('msisdn,accountId,data.tariff\n447700900001,ACC-1,gold\n\n"447700900002",ACC-2,"silver, plus"\n', ['msisdn']);
    expect(parsed.problems).toEqual([]);
    expect(parsed.lines).toEqual([
      { line: 2, subject: { msisdn: '447700900001', accountId: 'ACC-1' }, data: { tariff: 'gold' } },
      { line: 4, subject: { msisdn: '447700900002', accountId: 'ACC-2' }, data: { tariff: 'silver, plus' } },
    ]);
  });

  it('names every bad line by its number and why', () => {
    const parsed = parseBatchCsv(['msisdn,accountId', '447700900001,ACC-1', 'abc,ACC-2', '447700900003', ',ACC-4', '"447700900005,ACC-5'].join('\n'), ['msisdn']);
    expect(parsed.lines.map((l) => l.line)).toEqual([2]);
    expect(parsed.badLines).toBe(4);
    expect(parsed.problems.map((p) => p.path)).toEqual(['csv.line 3', 'csv.line 4', 'csv.line 5', 'csv.line 6']);
    expect(parsed.problems[0].message).toMatch(/^line 3: msisdn must be 6–15 digits/);
    expect(parsed.problems[1].message).toBe('line 4: has 1 fields; the header names 2');
    expect(parsed.problems[2].message).toBe('line 5: msisdn is required by the event code');
    expect(parsed.problems[3].message).toBe('line 6: has an unterminated quoted field');
  });

  it('refuses a header with unknown, repeated or missing required columns', () => {
    const parsed = parseBatchCsv('accountId,accountId,colour,data.9x\nACC-1,ACC-1,red,1', ['msisdn']);
    expect(parsed.lines).toEqual([]);
    expect(parsed.problems.map((p) => p.message)).toEqual([
      'line 1: names accountId twice',
      expect.stringMatching(/^line 1: colour is neither a subject key/),
      'line 1: data.9x is not a data field name (data.<letters, digits, _>)',
      'line 1: the event code requires msisdn: add that column',
    ]);
  });

  it('lists at most 100 problems but counts every bad line', () => {
    const lines = ['msisdn', ...Array.from({ length: 150 }, () => 'x')];
    const parsed = parseBatchCsv(lines.join('\n'), []);
    expect(parsed.badLines).toBe(150);
    expect(parsed.problems).toHaveLength(100);
  });
});

describe('splitCsvLine', () => {
  it('handles quotes and doubled quotes', () => {
    expect(splitCsvLine('a,"b, c","say ""hi""",')).toEqual(['a', 'b, c', 'say "hi"', '']);
    expect(splitCsvLine('"open')).toBeUndefined();
  });
});
