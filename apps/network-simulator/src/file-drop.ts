import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { batchText, FILE_BATCH_EXTENSION, FILE_LINE, openFile, parseLine, readBatchText, sealFile } from '@signalbox/contracts/file-batch';

const POLL_MS = 100;
const MAX_BATCHES_KEPT = 1000;

/**
 * A file provider's drop, set by PUT /control/file-drops/<provider>: where Signalbox writes
 * batches (`outbox`), where the simulator answers (`inbox`), the shared key, and how to answer.
 */
export const FileDropSettings = z.strictObject({
  outbox: z.string().min(1).max(1000),
  inbox: z.string().min(1).max(1000),
  key: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, { error: 'must be 32 bytes in base64' }),
  answer: z
    .strictObject({
      /** Wait this long after taking a batch before answering it ("late"). */
      delayMs: z.number().int().min(0).max(3_600_000).default(0),
      /** Answer only the first N orders of each batch ("partly"); the rest get no answer. */
      limit: z.number().int().min(0).max(10_000).optional(),
      /** Line numbers of the response file (the header is line 1) written as lines Signalbox must reject. */
      badLines: z.array(z.number().int().min(2).max(10_001)).max(1000).default([]),
      /** Flip a byte of the sealed file: it fails authentication. */
      tamper: z.boolean().default(false),
      status: z.enum(['COMPLETED', 'FAILED']).default('COMPLETED'),
    })
    .default({ delayMs: 0, badLines: [], tamper: false, status: 'COMPLETED' }),
});
export type FileDropSettings = z.infer<typeof FileDropSettings>;

/** A batch the simulator took from an outbox, and the response it wrote. */
interface TakenBatch {
  file: string;
  batchId?: string;
  orderIds: string[];
  problem?: string;
  response?: { file: string; lines: number; badLines: number[]; tampered: boolean };
}

/**
 * The simulator's file drop: polls each configured outbox, takes every batch file (moved to
 * `<outbox>/taken/`), decrypts and checks it with the protocol's own code (contracts), and writes
 * a sealed response file into the inbox — late, partly, with bad lines or tampered, as set.
 */
export class FileDrops {
  private readonly drops = new Map<string, FileDropSettings>();
  private readonly taken = new Map<string, TakenBatch[]>();
  private readonly pending = new Set<NodeJS.Timeout>();
  private timer?: NodeJS.Timeout;
  private polling = false;

  set(provider: string, settings: FileDropSettings): void {
    this.drops.set(provider, settings);
    if (!this.timer) {
      this.timer = setInterval(() => void this.poll(), POLL_MS);
      this.timer.unref();
    }
  }

  view(provider: string) {
    const drop = this.drops.get(provider);
    return {
      provider,
      drop: drop ? { outbox: drop.outbox, inbox: drop.inbox, answer: drop.answer, key: '[redacted]' } : null,
      batches: this.taken.get(provider) ?? [],
    };
  }

  reset(): void {
    this.stop();
    this.drops.clear();
    this.taken.clear();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const [provider, drop] of this.drops) {
        await this.takeFrom(provider, drop).catch((err: unknown) => console.error(`network-simulator: file drop ${provider}: ${(err as Error).message}`));
      }
    } finally {
      this.polling = false;
    }
  }

  private async takeFrom(provider: string, drop: FileDropSettings): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(drop.outbox)).filter((n) => n.endsWith(FILE_BATCH_EXTENSION)).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const name of names) {
      const takenDir = path.join(drop.outbox, 'taken');
      await mkdir(takenDir, { recursive: true });
      const target = path.join(takenDir, name);
      await rename(path.join(drop.outbox, name), target);
      const record: TakenBatch = { file: name, orderIds: [] };
      const list = this.taken.get(provider) ?? [];
      list.push(record);
      if (list.length > MAX_BATCHES_KEPT) list.shift();
      this.taken.set(provider, list);
      this.answer(provider, drop, record, await readFile(target));
    }
  }

  private answer(provider: string, drop: FileDropSettings, record: TakenBatch, data: Buffer): void {
    let orderIds: string[];
    try {
      const batch = readBatchText(openFile(drop.key, data), 'orders');
      if (!batch.ok) throw new Error(batch.problem);
      record.batchId = batch.header.batchId;
      orderIds = batch.lines.flatMap((line) => {
        const parsed = parseLine(FILE_LINE.orders, line);
        return parsed.ok ? [parsed.value.serviceOrderId] : [];
      });
      record.orderIds = orderIds;
    } catch (err) {
      record.problem = (err as Error).message;
      return;
    }
    const { answer } = drop;
    const answered = orderIds.slice(0, answer.limit ?? orderIds.length);
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      void this.writeResponse(provider, drop, record, answered).catch((err: unknown) => {
        record.problem = `the response could not be written: ${(err as Error).message}`;
      });
    }, answer.delayMs);
    this.pending.add(timer);
  }

  private async writeResponse(provider: string, drop: FileDropSettings, record: TakenBatch, orderIds: string[]): Promise<void> {
    const { answer } = drop;
    // A bad line still names its order, so the report can say which order it was about.
    const items = orderIds.map((serviceOrderId, i) =>
      answer.badLines.includes(i + 2) ? { serviceOrderId, status: 'PERHAPS' } : { serviceOrderId, status: answer.status, message: `answered in a response file to batch ${record.batchId}` },
    );
    const responseId = randomUUID();
    let sealed = sealFile(drop.key, batchText({ kind: 'responses', batchId: responseId, provider, ...(record.batchId ? { inReplyTo: record.batchId } : {}) }, items));
    if (answer.tamper) {
      sealed = Buffer.from(sealed);
      sealed[sealed.length - 1] = sealed[sealed.length - 1]! ^ 0xff;
    }
    await mkdir(drop.inbox, { recursive: true });
    const file = path.join(drop.inbox, `${responseId}${FILE_BATCH_EXTENSION}`);
    await writeFile(`${file}.partial`, sealed);
    await rename(`${file}.partial`, file);
    record.response = { file: path.basename(file), lines: items.length, badLines: answer.badLines.filter((l) => l <= items.length + 1), tampered: answer.tamper };
  }
}
