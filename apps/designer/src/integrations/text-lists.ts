/** Comma- or line-separated text ⇄ lists and key=value maps, for the plain inputs of the integration forms. */

export function parseList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "msisdn = MSISDN" lines → { msisdn: "MSISDN" }; a line without "=" is reported. */
export function parsePairs(text: string): { pairs: Record<string, string>; bad: string[] } {
  const pairs: Record<string, string> = {};
  const bad: string[] = [];
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const i = line.indexOf('=');
    if (i <= 0 || i === line.length - 1) bad.push(line);
    else pairs[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return { pairs, bad };
}

export function formatPairs(pairs: Record<string, string> | undefined): string {
  return Object.entries(pairs ?? {})
    .map(([k, v]) => `${k} = ${v}`)
    .join('\n');
}
