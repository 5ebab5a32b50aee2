import { Subject, SUBJECT_KEYS } from '@signalbox/domain';
import { BATCH_LIMITS } from '@signalbox/contracts';
import type { Problem } from '../common/api-error';

export interface CsvLine {
  /** 1-based line number in the uploaded text (the header is line 1). */
  line: number;
  subject: Subject;
  data: Record<string, unknown>;
}

export interface ParsedCsv {
  lines: CsvLine[];
  /** Bad lines, each named by its number (at most MAX_PROBLEMS listed; `badLines` counts them all). */
  problems: Problem[];
  badLines: number;
}

const MAX_PROBLEMS = 100;

/**
 * Reads a batch CSV: a header of subject keys (msisdn, accountId…) and `data.<name>` columns, then
 * one subject per line; quoted fields ("a, b", "say ""hi""") as RFC 4180 has them; blank lines
 * skipped. Every line is checked — column count, the subject's rules, the event code's required
 * keys — and each bad line is reported with its number.
 */
export function parseBatchCsv(text: string, requiredKeys: readonly string[]): ParsedCsv {
  const problems: Problem[] = [];
  let badLines = 0;
  const bad = (line: number, message: string) => {
    badLines++;
    if (problems.length < MAX_PROBLEMS) problems.push({ path: `csv.line ${line}`, message: `line ${line}: ${message}` });
  };
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(rows[0] ?? '');
  if (header === undefined || header.length === 0 || (header.length === 1 && header[0] === '')) {
    return { lines: [], problems: [{ path: 'csv.line 1', message: 'line 1: the header is missing: name the columns, e.g. msisdn,accountId,data.tariff' }], badLines: 1 };
  }
  const headerProblems = checkHeader(header, requiredKeys);
  if (headerProblems.length) return { lines: [], problems: headerProblems.map((m) => ({ path: 'csv.line 1', message: `line 1: ${m}` })), badLines: 1 };
  if (rows.length - 1 > BATCH_LIMITS.maxLines) {
    return { lines: [], problems: [{ path: 'csv', message: `has ${rows.length - 1} lines; at most ${BATCH_LIMITS.maxLines} subjects per batch` }], badLines: 0 };
  }

  const lines: CsvLine[] = [];
  for (let i = 1; i < rows.length; i++) {
    const lineNo = i + 1;
    const raw = rows[i];
    if (raw.trim() === '') continue;
    if (raw.length > BATCH_LIMITS.maxLineChars) {
      bad(lineNo, `is longer than ${BATCH_LIMITS.maxLineChars} characters`);
      continue;
    }
    const fields = splitCsvLine(raw);
    if (fields === undefined) {
      bad(lineNo, 'has an unterminated quoted field');
      continue;
    }
    if (fields.length !== header.length) {
      bad(lineNo, `has ${fields.length} fields; the header names ${header.length}`);
      continue;
    }
    const subject: Record<string, string> = {};
    const data: Record<string, string> = {};
    header.forEach((column, c) => {
      const value = fields[c].trim();
      if (value === '') return;
      if (column.startsWith('data.')) data[column.slice(5)] = value;
      else subject[column] = value;
    });
    const parsed = Subject.safeParse(subject);
    if (!parsed.success) {
      bad(lineNo, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'subject'} ${issue.message}`).join('; '));
      continue;
    }
    const missing = requiredKeys.filter((k) => !subject[k]);
    if (missing.length) {
      bad(lineNo, `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required by the event code`);
      continue;
    }
    lines.push({ line: lineNo, subject: parsed.data, data });
  }
  return { lines, problems, badLines };
}

function checkHeader(header: string[], requiredKeys: readonly string[]): string[] {
  const problems: string[] = [];
  if (header.length > BATCH_LIMITS.maxColumns) problems.push(`has ${header.length} columns; at most ${BATCH_LIMITS.maxColumns}`);
  const seen = new Set<string>();
  for (const column of header) {
    if (seen.has(column)) problems.push(`names ${column} twice`);
    seen.add(column);
    if (column.startsWith('data.')) {
      if (!/^data\.[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(column)) problems.push(`${column} is not a data field name (data.<letters, digits, _>)`);
    } else if (!(SUBJECT_KEYS as readonly string[]).includes(column)) {
      problems.push(`${column.slice(0, 64)} is neither a subject key (${SUBJECT_KEYS.join(', ')}) nor data.<name>`);
    }
  }
  const missing = requiredKeys.filter((k) => !seen.has(k));
  if (missing.length) problems.push(`the event code requires ${missing.join(', ')}: add ${missing.length === 1 ? 'that column' : 'those columns'}`);
  return problems;
}

/** One CSV line into fields; undefined when a quoted field is not closed. */
export function splitCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  if (quoted) return undefined;
  fields.push(field);
  return fields;
}
