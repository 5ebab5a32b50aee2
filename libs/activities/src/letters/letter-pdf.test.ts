import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderLetterPdf } from './letter-pdf';
import { transliterate } from './letter-text';

const base = { recipient: 'A. Reader\n1 High Street\nLeeds LS1 1AA', locale: 'en', createdAt: new Date('2026-11-30T10:00:00Z'), letterId: 'letter-test' };

describe('renderLetterPdf', () => {
  it('renders a PDF that parses, one page for a short letter and more for a long one', async () => {
    const short = await renderLetterPdf({ ...base, subject: 'Your tariff', body: 'Dear reader,\n\nyour tariff changes.' });
    expect(Buffer.from(short.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const doc = await PDFDocument.load(short.bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(short.pages).toBe(1);
    expect(doc.getTitle()).toBe('Your tariff');
    expect(short.transliterated).toBe(false);

    const long = await renderLetterPdf({ ...base, body: Array.from({ length: 200 }, (_, i) => `Paragraph ${i}: ${'word '.repeat(30)}`).join('\n') });
    expect(long.pages).toBeGreaterThan(2);
    expect((await PDFDocument.load(long.bytes)).getPageCount()).toBe(long.pages);
  });

  it('renders the same letter to the same bytes (a retried step writes an identical file)', async () => {
    const a = await renderLetterPdf({ ...base, body: 'Same text' });
    const b = await renderLetterPdf({ ...base, body: 'Same text' });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });

  it('prints Latin-1 as it is and transliterates other scripts, saying so', async () => {
    const german = await renderLetterPdf({ ...base, subject: 'Grüße aus Köln', body: 'Straße' });
    expect(german.transliterated).toBe(false);
    expect((await PDFDocument.load(german.bytes)).getTitle()).toBe('Grüße aus Köln');
    const russian = await renderLetterPdf({ ...base, subject: 'Ваш тариф', body: 'Здравствуйте' });
    expect(russian.transliterated).toBe(true);
    expect((await PDFDocument.load(russian.bytes)).getTitle()).toBe('Vash tarif');
  });
});

describe('transliterate', () => {
  const latin1 = (cp: number) => cp < 256;
  it('spells Cyrillic and Greek in Latin, drops accents the font lacks and marks the rest', () => {
    expect(transliterate('Щука', latin1)).toEqual({ text: 'Shchuka', changed: true });
    expect(transliterate('Αθήνα', latin1)).toEqual({ text: 'Athina', changed: true });
    expect(transliterate('Łódź ő', latin1)).toEqual({ text: 'Lódz o', changed: true });
    expect(transliterate('東京', latin1)).toEqual({ text: '??', changed: true });
    expect(transliterate('café\nnaïve', latin1)).toEqual({ text: 'café\nnaïve', changed: false });
  });
});
