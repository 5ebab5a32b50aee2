import { z } from 'zod';

/** An IANA time zone the runtime knows (Europe/London, UTC…). */
export const TimeZone = z
  .string()
  .max(64)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { error: 'must be an IANA time zone such as Europe/London or UTC' },
  );
