import { z } from 'zod';
import { Code, Description, Name } from '../common/ids';
import { SUBJECT_KEYS } from '../common/subject';

/** One kind of business event that callers raise; its behaviour is its workflow. */
export const EventCode = z.strictObject({
  code: Code,
  eventType: Code,
  name: Name,
  description: Description,
  /** Subject keys a raise must carry (e.g. msisdn for SIM_SWAP); checked at intake. */
  requiredSubjectKeys: z.array(z.enum(SUBJECT_KEYS)).default([]),
  enabled: z.boolean().default(true),
});
export type EventCode = z.infer<typeof EventCode>;
