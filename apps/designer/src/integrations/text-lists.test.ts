import { describe, expect, it } from 'vitest';
import { formatPairs, parseList, parsePairs } from './text-lists';

describe('integration form text', () => {
  it('reads lists and key = value lines, and names the lines it cannot read', () => {
    expect(parseList(' A, B\nC ,, ')).toEqual(['A', 'B', 'C']);
    expect(parsePairs('msisdn = MSISDN\n tariff=Tariff \nbroken\n=x')).toEqual({ pairs: { msisdn: 'MSISDN', tariff: 'Tariff' }, bad: ['broken', '=x'] });
    expect(parsePairs(formatPairs({ a: 'B', c: 'D' })).pairs).toEqual({ a: 'B', c: 'D' });
  });
});
