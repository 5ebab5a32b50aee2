import type { Response } from 'express';

/** Writes a 200 JSON answer made of text and byte pieces (no Content-Length: sent chunked). */
export function writeJsonParts(res: Response, parts: readonly (string | Buffer)[]): void {
  res.status(200).type('application/json');
  for (const part of parts) res.write(part);
  res.end();
}
