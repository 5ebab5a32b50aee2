import { FileAuthenticationError, FILE_LINE, openFile, parseLine, readBatchText, type BatchLine } from '@signalbox/contracts/file-batch';
import type { WireCallback } from '@signalbox/contracts';

/** What became of one line of a response file. */
export type LineResult = { applied: true } | { applied: false; problem: string };

/** The report of one response file, written beside it and logged. */
export interface ResponseFileReport {
  file: string;
  batchId?: string;
  inReplyTo?: string;
  /** Set when nothing in the file was applied (authentication, header, count or checksum). */
  refused?: string;
  applied: number;
  /** Lines not applied, by their number in the file (the header is line 1). */
  rejected: { line: number; serviceOrderId?: string; problem: string }[];
}

/**
 * Reads one response file: decrypts and authenticates it under the provider's key, checks the
 * header against the body, then validates and applies each line on its own — a bad line is
 * reported with its number and the others still apply. A file that fails authentication or
 * whose header does not match applies nothing. `apply` is the queued-mode answer path.
 */
export async function applyResponseFile(
  file: string,
  data: Buffer,
  key: string,
  apply: (callback: WireCallback, line: BatchLine) => Promise<LineResult>,
): Promise<ResponseFileReport> {
  let text: string;
  try {
    text = openFile(key, data);
  } catch (err) {
    if (err instanceof FileAuthenticationError) return { file, refused: err.message, applied: 0, rejected: [] };
    throw err;
  }
  const batch = readBatchText(text, 'responses');
  if (!batch.ok) return { file, refused: batch.problem, applied: 0, rejected: [] };
  const report: ResponseFileReport = { file, batchId: batch.header.batchId, ...(batch.header.inReplyTo ? { inReplyTo: batch.header.inReplyTo } : {}), applied: 0, rejected: [] };
  for (const line of batch.lines) {
    const parsed = parseLine(FILE_LINE.responses, line);
    if (!parsed.ok) {
      const serviceOrderId = orderIdOf(line.text);
      report.rejected.push({ line: line.line, ...(serviceOrderId ? { serviceOrderId } : {}), problem: parsed.problem });
      continue;
    }
    const result = await apply(parsed.value, line);
    if (result.applied) report.applied++;
    else report.rejected.push({ line: line.line, serviceOrderId: parsed.value.serviceOrderId, problem: result.problem });
  }
  return report;
}

/** The order a bad line names, when it names one: the report says which order got no answer. */
function orderIdOf(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { serviceOrderId?: unknown } | null)?.serviceOrderId;
    return typeof id === 'string' && id.length <= 100 ? id : undefined;
  } catch {
    return undefined;
  }
}
