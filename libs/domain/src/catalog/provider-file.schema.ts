import { z } from 'zod';

/**
 * Folder paths a file provider reads and writes. Absolute or relative to the worker's and API's
 * working directory; bounded like every input.
 */
export const Folder = z
  .string({ error: 'must be a folder path' })
  .trim()
  .min(1, { error: 'is required: the folder path' })
  .max(1000)
  .refine((p) => !p.split(/[\\/]/).includes('..'), { error: 'must not contain ".."' });

/** AES-256 key as standard base64 of 32 bytes (44 characters ending in "="). */
export const FILE_KEY_PATTERN = /^[A-Za-z0-9+/]{43}=$/;

/**
 * Settings of a provider whose protocol is `file` (generic-format batch files). Orders go out as
 * encrypted JSON Lines batches into `outbox`; the provider's answers come back as encrypted
 * response files in `inbox`. `key` is a secret (write-only, stored encrypted apart from the
 * definition, shown as `keySet`). Folders and key are read live at send time, like endpoints and
 * credentials; the batch limits are frozen into a published version with the rest.
 */
export const ProviderFileSettings = z.strictObject({
  outbox: Folder.describe('Folder batch files are written to'),
  inbox: Folder.describe('Folder response files are read from'),
  key: z
    .string()
    .regex(FILE_KEY_PATTERN, { error: 'must be 32 random bytes in base64 (44 characters, e.g. from `openssl rand -base64 32`)' })
    .optional()
    .describe('AES-256-GCM key, base64'),
  /** A batch closes when it holds this many orders… */
  maxBatchOrders: z.number().int().min(1).max(10_000).default(100),
  /** …or when its first order has waited this long. */
  maxBatchAgeMs: z.number().int().min(200).max(86_400_000).default(60_000),
});
export type ProviderFileSettings = z.infer<typeof ProviderFileSettings>;
