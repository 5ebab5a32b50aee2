import { describe, expect, it } from 'vitest';
import { buildExpressionContext } from './expression-context';
import { checkTemplate, findPlaceholders, listPlaceholders, renderTemplate, TemplateError } from './template';

const context = buildExpressionContext({
  eventCode: 'TOP_UP',
  eventId: 'evt-1',
  raisedAt: '2026-03-01T10:00:00Z',
  subject: { msisdn: '447700900123' },
  data: { amount: 25, currency: 'GBP', bundles: ['DATA_1GB', 'MINUTES_100'] },
});

describe('listPlaceholders', () => {
  it('lists expressions in order, trimmed', () => {
    expect(listPlaceholders('Hi {{ data.name }}, {{data.amount}} {{ $uppercase(data.currency) }}')).toEqual(['data.name', 'data.amount', '$uppercase(data.currency)']);
    expect(listPlaceholders('no placeholders')).toEqual([]);
  });

  it('gives offsets', () => {
    expect(findPlaceholders('A {{ x }} B')).toEqual([{ expression: 'x', start: 2, end: 9 }]);
  });
});

describe('renderTemplate', () => {
  it('fills placeholders from the context', async () => {
    await expect(renderTemplate('Your top-up of {{ data.amount }} {{ data.currency }} to {{ subject.msisdn }} arrived.', context)).resolves.toBe(
      'Your top-up of 25 GBP to 447700900123 arrived.',
    );
  });

  it('renders missing values as empty text and lists as comma-separated', async () => {
    await expect(renderTemplate('Dear {{ data.firstName }}, bundles: {{ data.bundles }}', context)).resolves.toBe('Dear , bundles: DATA_1GB, MINUTES_100');
  });

  it('names the placeholder that does not parse', async () => {
    const err = await renderTemplate('Hi {{ data.name }} {{ data.amount > }}', context).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemplateError);
    expect((err as TemplateError).placeholder).toBe('data.amount >');
    expect((err as TemplateError).message).toContain('Placeholder {{ data.amount > }}');
  });

  it('names the placeholder that fails to evaluate', async () => {
    const err = await renderTemplate('{{ $notAFunction(1) }}', context).catch((e: unknown) => e);
    expect((err as TemplateError).placeholder).toBe('$notAFunction(1)');
  });

  it('reports a placeholder that is never closed', async () => {
    await expect(renderTemplate('Hi {{ data.name', context)).rejects.toThrow('is never closed');
  });
});

describe('checkTemplate', () => {
  it('returns nothing for a good template and every broken placeholder otherwise', () => {
    expect(checkTemplate('Hi {{ data.name }}')).toEqual([]);
    const problems = checkTemplate('{{ a ++ b }} and {{ }} and {{ ok }}');
    expect(problems.map((p) => p.placeholder)).toEqual(['a ++ b', '']);
  });
});
