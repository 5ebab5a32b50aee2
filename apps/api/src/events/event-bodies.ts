import { z } from 'zod';
import { RaiseEvent } from '@signalbox/domain';

/**
 * A batch of raises: up to 1,000 events of up to 256 kB of data each, so its body can be the whole
 * 10 MB. It is read as bytes and parsed on an evaluation thread (see common/raw-json-body.ts).
 */
export const RaiseBatchBody = z.strictObject({ events: z.array(RaiseEvent).min(1, { error: 'needs at least one event' }).max(1000, { error: 'at most 1000 events per batch' }) });
