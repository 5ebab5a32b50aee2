import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { WireCallback, WireServiceOrder } from './provider-wire';

/*
 * The file protocol's wire format, written once for both sides: Signalbox (the worker writes
 * order batches, the API reads response files) and the provider (the network simulator's file
 * drop, or a real system). Node-only (node:crypto), hence its own export path
 * (`@signalbox/contracts/file-batch`), out of the browser- and sandbox-safe barrel.
 *
 * A file is `SBXF1` (5 bytes) | IV (12 bytes) | GCM tag (16 bytes) | ciphertext, AES-256-GCM under
 * the provider's key with the magic as additional data. The plaintext is JSON Lines: line 1 the
 * header, then one item a line (an order, or an answer to one).
 */

const MAGIC = Buffer.from('SBXF1', 'utf8');
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Batch and response files end with this; anything else in a folder is left alone. */
export const FILE_BATCH_EXTENSION = '.sbx';
/** Bounds what a reader accepts: a response file larger than this is refused unread. */
export const FILE_BATCH_LIMITS = { maxFileBytes: 32 * 1024 * 1024, maxItems: 10_000, maxLineBytes: 256 * 1024 } as const;

export const FileBatchHeader = z.strictObject({
  format: z.literal('signalbox-batch/1'),
  kind: z.enum(['orders', 'responses']),
  batchId: z.string().min(1).max(200),
  provider: z.string().min(1).max(64),
  /** Items after the header. */
  count: z.number().int().min(0).max(FILE_BATCH_LIMITS.maxItems),
  /** `sha256:<hex>` of the item lines joined with "\n". */
  checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  /** Responses: the order batch they answer, when they answer one. */
  inReplyTo: z.string().max(200).optional(),
});
export type FileBatchHeader = z.infer<typeof FileBatchHeader>;

/** A file whose tag does not verify under the key (tampered, truncated, or another key). */
export class FileAuthenticationError extends Error {
  override readonly name = 'FileAuthenticationError';
}

function keyBytes(keyBase64: string): Buffer {
  const key = Buffer.from(keyBase64, 'base64');
  if (key.length !== 32) throw new Error('the file key must be 32 bytes (base64)');
  return key;
}

export function sealFile(keyBase64: string, plaintext: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(keyBase64), iv);
  cipher.setAAD(MAGIC);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
}

/** Decrypts and authenticates a file; throws FileAuthenticationError for anything that does not verify. */
export function openFile(keyBase64: string, data: Buffer): string {
  if (data.length < MAGIC.length + IV_BYTES + TAG_BYTES || !data.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new FileAuthenticationError('not a Signalbox batch file (bad magic or too short)');
  }
  const iv = data.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
  const tag = data.subarray(MAGIC.length + IV_BYTES, MAGIC.length + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', keyBytes(keyBase64), iv);
  decipher.setAAD(MAGIC);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(data.subarray(MAGIC.length + IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new FileAuthenticationError('authentication failed: the file was altered or sealed with another key');
  }
}

export function checksumOf(lines: readonly string[]): string {
  return `sha256:${createHash('sha256').update(lines.join('\n'), 'utf8').digest('hex')}`;
}

/** The plaintext of a batch: header line then one JSON line per item. */
export function batchText(header: Omit<FileBatchHeader, 'format' | 'count' | 'checksum'>, items: readonly unknown[]): string {
  const lines = items.map((item) => JSON.stringify(item));
  const full: FileBatchHeader = { format: 'signalbox-batch/1', ...header, count: lines.length, checksum: checksumOf(lines) };
  return [JSON.stringify(full), ...lines].join('\n') + '\n';
}

/** One item line as read: its number in the file (the header is line 1) and its text. */
export interface BatchLine {
  line: number;
  text: string;
}

export type ReadBatch = { ok: true; header: FileBatchHeader; lines: BatchLine[] } | { ok: false; problem: string };

/**
 * Splits a decrypted batch and checks its header against its body (count and checksum). A
 * header that does not match means the file is not what its writer meant: nothing in it applies.
 */
export function readBatchText(text: string, kind: FileBatchHeader['kind']): ReadBatch {
  const all = text.split('\n');
  if (all.at(-1) === '') all.pop();
  let raw: unknown;
  try {
    raw = JSON.parse(all[0] ?? '');
  } catch {
    return { ok: false, problem: 'line 1: the header is not JSON' };
  }
  const header = FileBatchHeader.safeParse(raw);
  if (!header.success) return { ok: false, problem: `line 1: not a batch header (${header.error.issues.map((i) => `${i.path.join('.') || 'header'}: ${i.message}`).join('; ')})` };
  if (header.data.kind !== kind) return { ok: false, problem: `line 1: a ${header.data.kind} file where ${kind} were expected` };
  const body = all.slice(1);
  if (body.length !== header.data.count) return { ok: false, problem: `the header counts ${header.data.count} lines, the file has ${body.length}` };
  if (checksumOf(body) !== header.data.checksum) return { ok: false, problem: 'the checksum in the header does not match the lines' };
  return { ok: true, header: header.data, lines: body.map((t, i) => ({ line: i + 2, text: t })) };
}

/** Parses one line with a schema; the problem names what is wrong with it. */
export function parseLine<T>(schema: z.ZodType<T>, line: BatchLine): { ok: true; value: T } | { ok: false; problem: string } {
  if (Buffer.byteLength(line.text, 'utf8') > FILE_BATCH_LIMITS.maxLineBytes) return { ok: false, problem: `longer than ${FILE_BATCH_LIMITS.maxLineBytes} bytes` };
  let raw: unknown;
  try {
    raw = JSON.parse(line.text);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ') };
  return { ok: true, value: parsed.data };
}

/** Schemas of the two kinds of line. */
export const FILE_LINE = { orders: WireServiceOrder, responses: WireCallback } as const;
