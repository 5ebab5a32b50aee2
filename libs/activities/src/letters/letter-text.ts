/**
 * pdf-lib's standard fonts (no font file to ship, nothing downloaded) print WinAnsi only: Latin-1
 * and a few more. A letter's text in another script is transliterated rather than dropped: accents
 * the font lacks are taken off (ő → o), Cyrillic and Greek letters are spelled in Latin, anything
 * else becomes "?". The letter then carries a visible notice (see letter-pdf.ts), so the reader
 * knows the text was changed, and the manifest marks it. Embedding a Unicode font would print every
 * script but needs a font file in the repository and another dependency (fontkit); docs/operations.md
 * says how to add one when a deployment's letters need it.
 */

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r',
  с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi', є: 'ye', ґ: 'g',
};
const GREEK: Record<string, string> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's',
  τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
};
const OTHER: Record<string, string> = { ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', '\u2009': ' ', '\u00a0': ' ' };

/** `text` in characters `printable` holds, and whether anything had to change. */
export function transliterate(text: string, printable: (codePoint: number) => boolean): { text: string; changed: boolean } {
  let changed = false;
  let out = '';
  for (const ch of text) {
    if (ch === '\n' || printable(ch.codePointAt(0)!)) {
      out += ch;
      continue;
    }
    changed = true;
    out += replacement(ch, printable);
  }
  return { text: out, changed };
}

function replacement(ch: string, printable: (codePoint: number) => boolean): string {
  const fits = (s: string) => [...s].every((c) => printable(c.codePointAt(0)!));
  const lower = ch.toLowerCase();
  const spelled = OTHER[ch] ?? CYRILLIC[lower] ?? GREEK[lower.normalize('NFD').replace(/\p{M}/gu, '')];
  if (spelled !== undefined) {
    const cased = ch !== lower && spelled.length > 0 ? spelled[0]!.toUpperCase() + spelled.slice(1) : spelled;
    if (fits(cased)) return cased;
  }
  const bare = ch.normalize('NFKD').replace(/\p{M}/gu, '');
  if (bare !== '' && bare !== ch && fits(bare)) return bare;
  return '?';
}
