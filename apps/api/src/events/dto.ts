import { z } from 'zod';
import { EventData, RaiseEvent, Subject, type Subject as SubjectT } from '@signalbox/domain';
import { ZodSchema } from '../common/zod-schema.decorator';
import { RaiseBatchBody } from './event-bodies';

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

/** Documented here; read raw and parsed on an evaluation thread (event-bodies.ts). */
@ZodSchema(RaiseBatchBody)
export class RaiseBatchDto {
  events!: RaiseEventDto[];
}

@ZodSchema(z.strictObject({ subject: Subject, data: EventData.default({}) }))
export class TestRunDto {
  subject!: SubjectT;
  data!: Record<string, unknown>;
}
