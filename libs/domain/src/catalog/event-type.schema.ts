import { z } from 'zod';
import { Code, Description, Name } from '../common/ids';

/** A category of event codes (Provisioning, Credit control, …): grouping, permissions, reporting. */
export const EventType = z.strictObject({
  code: Code,
  name: Name,
  description: Description,
});
export type EventType = z.infer<typeof EventType>;
