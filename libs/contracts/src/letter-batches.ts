/**
 * A letter provider's open print batch is a Temporal workflow, `letter-batch:<provider>`, like a
 * file provider's (file-batches.ts): the communication activity writes each letter's PDF and adds
 * its manifest line with signal-with-start; the workflow writes the batch's manifest when it lists
 * `maxBatchLetters` letters or its first letter has waited `maxBatchAgeMs`.
 */
export function letterBatchWorkflowId(providerCode: string): string {
  return `letter-batch:${providerCode}`;
}

/** One line of a print-batch manifest (JSON Lines): what the print house needs to find and check a letter. */
export interface LetterManifestEntry {
  letterId: string;
  /** The run's message the letter is (outbound_messages, GET /api/message-deliveries). */
  messageId: string;
  /** The PDF's file name in the outbox. */
  file: string;
  /** The postal address as the letter prints it. */
  recipient: string;
  pages: number;
  /** Hex sha256 of the PDF file's bytes. */
  sha256: string;
  createdAt: string;
  /** Characters the standard PDF font cannot print were replaced (the letter carries a notice). */
  transliterated?: boolean;
}

/** Start arguments; the limits are the provider's when the batch opened. */
export interface LetterBatchInput {
  providerCode: string;
  maxBatchLetters: number;
  maxBatchAgeMs: number;
  /** Letters carried over by continue-as-new. */
  pending?: LetterManifestEntry[];
}

/** What writing one manifest did. */
export interface LetterBatchWritten {
  batchId: string;
  manifest: string;
  count: number;
}

export type LetterBatchWorkflow = (input: LetterBatchInput) => Promise<{ batches: number }>;

/** Folder (under the provider's outbox) closed manifests are written to, as `<batchId>.jsonl`. */
export const LETTER_MANIFEST_FOLDER = 'batches';
