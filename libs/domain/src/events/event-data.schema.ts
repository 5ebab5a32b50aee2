import type { z } from 'zod';
import { boundedJsonObject } from '../common/bounded-json';

/**
 * Bounds on what a caller attaches to a raised event. A run carries its data in Temporal's
 * workflow input (2 MB per payload at most, together with the version snapshot), so data that
 * cannot fit is refused at intake with a clear problem, never found out when the start fails.
 */
export const EVENT_DATA_LIMITS = { maxBytes: 256 * 1024, maxDepth: 32 } as const;

/** Free-form event data: a JSON object of at most 256 kB and 32 levels. */
export const EventData = boundedJsonObject({ ...EVENT_DATA_LIMITS, hint: 'send a reference instead of the document' });
export type EventData = z.infer<typeof EventData>;
