import { z } from 'zod';
import { EventData, RaiseEvent, Subject, type Subject as SubjectT } from '@signalbox/domain';
import { ZodSchema } from '../common/zod-schema.decorator';

@ZodSchema(RaiseEvent)
export class RaiseEventDto {
  eventCode?: string;
  inboundName?: string;
  subject!: SubjectT;
  data!: Record<string, unknown>;
  idempotencyKey?: string;
  scheduledAt?: string;
  accounts?: string[];
}

@ZodSchema(z.strictObject({ events: z.array(RaiseEvent).min(1, { error: 'needs at least one event' }).max(1000, { error: 'at most 1000 events per batch' }) }))
export class RaiseBatchDto {
  events!: RaiseEventDto[];
}

@ZodSchema(z.strictObject({ subject: Subject, data: EventData.default({}) }))
export class TestRunDto {
  subject!: SubjectT;
  data!: Record<string, unknown>;
}
