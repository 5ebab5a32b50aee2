import { describe, expect, it } from 'vitest';
import { normalizeLocale, pickTemplateVariant } from './template-locale';

const variants = (...locales: string[]) => locales.map((locale) => ({ locale, body: `in ${locale}` }));

describe('pickTemplateVariant', () => {
  it('takes the exact locale when the template has it', () => {
    expect(pickTemplateVariant(variants('en', 'pt', 'pt-BR'), 'en', 'pt-BR').locale).toBe('pt-BR');
  });

  it('falls back from pt-BR to pt before another region of the language', () => {
    expect(pickTemplateVariant(variants('en', 'pt-PT', 'pt'), 'en', 'pt-BR').locale).toBe('pt');
  });

  it('takes another region of the language when the bare language is missing', () => {
    expect(pickTemplateVariant(variants('en', 'pt-PT'), 'en', 'pt-BR').locale).toBe('pt-PT');
  });

  it('falls back to the default locale for a language the template lacks, or no locale at all', () => {
    expect(pickTemplateVariant(variants('fr', 'en', 'pt'), 'en', 'de-AT').locale).toBe('en');
    expect(pickTemplateVariant(variants('fr', 'en', 'pt'), 'en', undefined).locale).toBe('en');
  });

  it('ignores a value that is not a locale instead of failing the message', () => {
    expect(pickTemplateVariant(variants('en', 'pt'), 'en', 42).locale).toBe('en');
    expect(pickTemplateVariant(variants('en', 'pt'), 'en', 'portuguese').locale).toBe('en');
  });
});

describe('normalizeLocale', () => {
  it('reads the spellings raising systems use', () => {
    expect(normalizeLocale('pt_br')).toBe('pt-BR');
    expect(normalizeLocale(' PT-br ')).toBe('pt-BR');
    expect(normalizeLocale('PT')).toBe('pt');
    expect(normalizeLocale('')).toBeUndefined();
  });
});
