import { z } from 'zod';
import { Folder } from './provider-file.schema';

/** A gateway project id, as FCM spells them (lower case, digits and dashes). */
export const PUSH_PROJECT_PATTERN = /^[a-z][a-z0-9-]{2,62}$/;

/**
 * Settings of a `push` provider: an FCM HTTP v1 style gateway. Messages go to
 * `<endpoint>/v1/projects/<project>/messages:send` with `Authorization: Bearer <token>` (the
 * provider's auth of type `bearer`; the token is a secret). Live at send time, like endpoints.
 */
export const ProviderPushSettings = z.strictObject({
  project: z
    .string({ error: 'is required: the gateway project id' })
    .regex(PUSH_PROJECT_PATTERN, { error: 'must be a project id such as my-app-1234 (lower-case letters, digits and dashes)' })
    .describe('Project id the messages are sent under'),
});
export type ProviderPushSettings = z.infer<typeof ProviderPushSettings>;

/**
 * Settings of a `letter` provider (a print house). Each letter is written as a PDF into `outbox`;
 * a print-batch manifest (JSON Lines, one letter a line) closes when it lists `maxBatchLetters`
 * or when its first letter has waited `maxBatchAgeMs`, and is written to `outbox/batches/`.
 * The folder is live at send time; the limits are frozen into a published version.
 */
export const ProviderLetterSettings = z.strictObject({
  outbox: Folder.describe('Folder letter PDFs and print-batch manifests are written to'),
  maxBatchLetters: z.number().int().min(1).max(10_000).default(500),
  maxBatchAgeMs: z.number().int().min(200).max(86_400_000).default(3_600_000),
});
export type ProviderLetterSettings = z.infer<typeof ProviderLetterSettings>;
