import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { LETTER_MANIFEST_FOLDER, type LetterBatchWritten, type LetterManifestEntry } from '@signalbox/contracts';
import type { Provider } from '@signalbox/domain';
import { renderLetterPdf, type LetterContent } from './letter-pdf';

/** Where a letter provider's letters wait for their print batch (the worker's is a Temporal workflow per provider). */
export interface LetterBatchSpool {
  add(provider: Provider, entry: LetterManifestEntry): Promise<void>;
}

/**
 * The `letter` protocol: a letter is a PDF in the provider's outbox, listed in a print-batch
 * manifest. `send` writes the PDF (under a temporary name, then renamed, so a reader never sees
 * half a file) and adds its manifest line to the open batch; a retried send finds the file already
 * there and reuses it, so the manifest's checksum always matches the file on disk.
 */
export class LetterOutboxAdapter {
  constructor(private readonly spool: LetterBatchSpool) {}

  /** A test run's letter is written to `<outbox>/test-runs/` and joins no print batch: nothing of a test is printed. */
  async send(provider: Provider, letter: LetterContent & { messageId: string }, options: { test?: boolean } = {}): Promise<LetterManifestEntry> {
    const settings = letterSettingsOf(provider);
    const folder = options.test ? path.join(settings.outbox, TEST_RUN_FOLDER) : settings.outbox;
    await mkdir(folder, { recursive: true });
    const file = `${letter.letterId}.pdf`;
    const target = path.join(folder, file);
    const rendered = await renderLetterPdf(letter);
    // Written by an earlier attempt: the same letter, kept as it is, so its checksum stays true.
    const existing = await readFile(target).catch(() => undefined);
    const bytes = existing ?? rendered.bytes;
    if (!existing) {
      const temporary = `${target}.partial`;
      await writeFile(temporary, bytes, { mode: 0o640 });
      await rename(temporary, target);
    }
    const entry: LetterManifestEntry = {
      letterId: letter.letterId,
      messageId: letter.messageId,
      file,
      recipient: letter.recipient,
      pages: rendered.pages,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      createdAt: letter.createdAt.toISOString(),
      ...(rendered.transliterated ? { transliterated: true } : {}),
    };
    if (!options.test) await this.spool.add(provider, entry);
    return entry;
  }

  /** Writes a closed batch's manifest (JSON Lines, one letter a line) as `<outbox>/batches/<batchId>.jsonl`. */
  async writeManifest(provider: Provider, batchId: string, letters: readonly LetterManifestEntry[]): Promise<LetterBatchWritten> {
    const settings = letterSettingsOf(provider);
    const folder = path.join(settings.outbox, LETTER_MANIFEST_FOLDER);
    await mkdir(folder, { recursive: true });
    const target = path.join(folder, `${batchId}.jsonl`);
    const temporary = `${target}.partial`;
    await writeFile(temporary, letters.map((l) => `${JSON.stringify({ batchId, ...l })}\n`).join(''), { mode: 0o640 });
    await rename(temporary, target);
    return { batchId, manifest: target, count: letters.length };
  }
}

/** Where test runs' letters go, under the outbox. */
export const TEST_RUN_FOLDER = 'test-runs';

export function letterSettingsOf(provider: Provider): NonNullable<Provider['letter']> {
  if (provider.protocol !== 'letter' || !provider.letter) {
    throw ApplicationFailure.nonRetryable(`provider ${provider.code} is not a letter provider with an outbox (protocol letter, letter.outbox)`, 'ProviderMisconfigured');
  }
  return provider.letter;
}
