/*
 * The zod every workflow run shares, loaded once per worker (`SHARED_WORKFLOW_MODULES` in
 * workflow-bundle.ts). zod completes its global config lazily: the default (English) messages with
 * the first schema it builds, the default memoizer with the first object schema. Building one of
 * each here does both while the shared modules are being loaded, before the worker freezes them,
 * so no run ever writes to the shared config (it would throw).
 */
import { z } from 'zod';

z.object({ warm: z.string() });
