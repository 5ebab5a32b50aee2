import { z } from 'zod';
import { boundedJsonObject } from '../common/bounded-json';
import { Subject } from '../common/subject';
import { CORRELATION_KEYS } from './correlation';

export { CORRELATION_KEYS, correlates, runCorrelation, type CorrelationKey } from './correlation';

/** A message name, as a wait node and a sender write it. */
export const MessageName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_.-]{0,63}$/, {
  error: 'must start with a letter and use at most 64 letters, digits, _ . or -',
});

/**
 * The keys a message is addressed by, at least one. Subject keys are checked as a raised event's
 * subject is (an MSISDN is digits…), so a message can only name values a run can have.
 */
export const CorrelationKeys = z
  .strictObject({ ...Subject.shape, externalOrderNumber: z.string().trim().min(1).max(128).optional() })
  .refine((keys) => Object.values(keys).some((v) => v !== undefined), {
    error: `needs at least one correlation key (${CORRELATION_KEYS.join(', ')})`,
  });
export type CorrelationKeys = z.infer<typeof CorrelationKeys>;

/** What a message may carry: it travels in a Temporal update and is stored while buffered. */
export const MESSAGE_LIMITS = {
  payload: { maxBytes: 64 * 1024, maxDepth: 16 },
  /** The longest any deployment may buffer a message (its own maximum may be lower). */
  maxTtlSeconds: 30 * 86_400,
} as const;

export const MessagePayload = boundedJsonObject({ ...MESSAGE_LIMITS.payload, hint: 'send a reference instead of the document' });

/** `POST /api/messages`: a named message for the run(s) waiting for it with these keys. */
export const PublishMessage = z.strictObject({
  name: MessageName,
  correlationKeys: CorrelationKeys,
  payload: MessagePayload.default({}),
  /** How long to keep it for a run that is not waiting yet; default and maximum are the API's settings. */
  ttlSeconds: z.number().int().min(0).max(MESSAGE_LIMITS.maxTtlSeconds).optional(),
});
export type PublishMessage = z.infer<typeof PublishMessage>;
