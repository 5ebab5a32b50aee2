/**
 * How many SMS parts a text costs, as a GSM network counts them (3GPP TS 23.038 / 23.040).
 *
 * A text written entirely in the GSM 7-bit default alphabet (plus its extension table) is sent as
 * GSM-7: 160 septets fit one SMS; a longer text is split into parts of 153, because each part
 * carries a 7-octet user-data header saying which part it is. Extension-table characters
 * (`^ { } \ [ ~ ] | €` and form feed) are sent as ESC + character, so they cost two septets, and
 * a part never ends between the two. Any other character forces the whole text to UCS-2:
 * 70 UTF-16 code units in one SMS, 67 per part; a character outside the BMP (most emoji) is a
 * surrogate pair, two units, and likewise never split across parts.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegmentCount {
  encoding: SmsEncoding;
  /** Characters as a reader counts them (Unicode code points). */
  characters: number;
  /** What the network counts: septets for GSM-7, UTF-16 code units for UCS-2. */
  units: number;
  /** SMS parts the text is sent as (0 for an empty text). */
  segments: number;
  /** Units one part holds at this length: 160/70 for a single SMS, 153/67 once concatenated. */
  unitsPerSegment: number;
  /** Units still free in the last part before another part is needed. */
  remaining: number;
}

export const SMS_LIMITS = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
} as const satisfies Record<SmsEncoding, { single: number; part: number }>;

// The GSM 03.38 default alphabet, without ESC (0x1B), which is not a character a text can hold.
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

/** Septets a character takes in GSM-7, or undefined when GSM-7 cannot carry it. */
function gsmCost(ch: string): number | undefined {
  if (GSM_BASIC.has(ch)) return 1;
  if (GSM_EXTENSION.has(ch)) return 2;
  return undefined;
}

/** Packs per-character costs into parts of `size` without splitting a character. */
function countParts(costs: number[], size: number): { parts: number; lastUsed: number } {
  let parts = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > size) {
      parts += 1;
      used = 0;
    }
    used += cost;
  }
  return { parts, lastUsed: used };
}

export function countSmsSegments(text: string): SmsSegmentCount {
  const chars = Array.from(text); // code points: a surrogate pair stays one character
  const gsm = chars.map(gsmCost);
  const encoding: SmsEncoding = gsm.every((c) => c !== undefined) ? 'GSM-7' : 'UCS-2';
  const costs = encoding === 'GSM-7' ? (gsm as number[]) : chars.map((ch) => ch.length);
  const units = costs.reduce((sum, c) => sum + c, 0);
  const limits = SMS_LIMITS[encoding];
  if (units === 0) return { encoding, characters: 0, units: 0, segments: 0, unitsPerSegment: limits.single, remaining: limits.single };
  if (units <= limits.single) return { encoding, characters: chars.length, units, segments: 1, unitsPerSegment: limits.single, remaining: limits.single - units };
  const { parts, lastUsed } = countParts(costs, limits.part);
  return { encoding, characters: chars.length, units, segments: parts, unitsPerSegment: limits.part, remaining: limits.part - lastUsed };
}
