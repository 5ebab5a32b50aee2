import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { transliterate } from './letter-text';

export interface LetterContent {
  /** Postal address, one line per `\n`. */
  recipient: string;
  subject?: string;
  body: string;
  locale: string;
  /** Printed as the letter's date and stored as the PDF's dates (a re-render is byte-identical). */
  createdAt: Date;
  letterId: string;
}

export interface RenderedLetter {
  bytes: Uint8Array;
  pages: number;
  /** Some characters were transliterated (see letter-text.ts). */
  transliterated: boolean;
}

/** A4 in points, with margins of 2 cm. */
const PAGE: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const SIZE = 11;
const LEADING = 15;

/** The notice a letter with transliterated text carries, above everything else. */
export const TRANSLITERATION_NOTICE = 'Note: this letter contains characters our printer cannot print; they are shown in Latin letters.';

/**
 * Renders a letter to PDF with pdf-lib's standard Helvetica: the address block, the date, the
 * subject in bold and the body wrapped to the page, with "page n of m" at the foot of each page.
 */
export async function renderLetterPdf(letter: LetterContent): Promise<RenderedLetter> {
  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const printable = new Set(regular.getCharacterSet());
  let transliterated = false;
  const printed = (text: string) => {
    const result = transliterate(text, (cp) => printable.has(cp));
    transliterated ||= result.changed;
    return result.text;
  };
  const recipient = printed(letter.recipient);
  const subject = letter.subject !== undefined ? printed(letter.subject) : undefined;
  const body = printed(letter.body);

  doc.setTitle(subject ?? 'Letter');
  doc.setLanguage(letter.locale);
  doc.setCreator('Signalbox');
  doc.setProducer('Signalbox');
  doc.setCreationDate(letter.createdAt);
  doc.setModificationDate(letter.createdAt);
  doc.setSubject(letter.letterId);

  const layout = new Layout(doc);
  if (transliterated) {
    for (const line of wrap(TRANSLITERATION_NOTICE, regular, SIZE - 2)) layout.line(line, regular, SIZE - 2);
    layout.gap();
  }
  for (const line of recipient.split(/\r?\n/)) layout.line(line.trim(), regular);
  layout.gap();
  layout.line(letter.createdAt.toISOString().slice(0, 10), regular);
  layout.gap();
  if (subject) {
    for (const line of wrap(subject, bold, SIZE)) layout.line(line, bold);
    layout.gap();
  }
  for (const paragraph of body.split(/\r?\n/)) {
    if (paragraph.trim() === '') layout.gap();
    else for (const line of wrap(paragraph, regular, SIZE)) layout.line(line, regular);
  }
  const pages = doc.getPages();
  pages.forEach((page, i) => {
    const footer = `${i + 1} / ${pages.length}`;
    page.drawText(footer, { x: PAGE[0] - MARGIN - regular.widthOfTextAtSize(footer, SIZE - 2), y: MARGIN / 2, size: SIZE - 2, font: regular });
  });
  // No object streams: a print house's older tools read classic cross-reference tables.
  const bytes = await doc.save({ useObjectStreams: false });
  return { bytes, pages: pages.length, transliterated };
}

/** Writes lines top to bottom, starting a new page when one is full. */
class Layout {
  private page: PDFPage;
  private y: number;

  constructor(private readonly doc: PDFDocument) {
    this.page = doc.addPage(PAGE);
    this.y = PAGE[1] - MARGIN;
  }

  line(text: string, font: PDFFont, size = SIZE): void {
    if (this.y - LEADING < MARGIN) {
      this.page = this.doc.addPage(PAGE);
      this.y = PAGE[1] - MARGIN;
    }
    this.y -= LEADING;
    if (text !== '') this.page.drawText(text, { x: MARGIN, y: this.y, size, font });
  }

  gap(): void {
    this.y -= LEADING / 2;
  }
}

/** Greedy word wrap to the text width; a word longer than a line is cut. */
function wrap(text: string, font: PDFFont, size: number): string[] {
  const width = PAGE[0] - 2 * MARGIN;
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    let rest = word;
    while (font.widthOfTextAtSize(rest, size) > width) {
      let cut = rest.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    current = rest;
  }
  if (current !== '') lines.push(current);
  return lines.length ? lines : [''];
}
