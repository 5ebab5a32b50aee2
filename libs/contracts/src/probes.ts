import { z } from 'zod';
import { Code, Description, Slug } from '@signalbox/domain';

/*
 * Probes: alert signals evaluated by the worker, stored (with their last state) in PostgreSQL,
 * edited through the API (`/api/probes`) and reported by `GET /api/health/probes`. One schema
 * per probe kind; the API validates with it and the worker reads stored rows through it.
 */

export const PROBE_KINDS = ['error-rate', 'stale-orders', 'late-batches'] as const;
export type ProbeKind = (typeof PROBE_KINDS)[number];
export const PROBE_STATES = ['unknown', 'ok', 'tripped'] as const;
export type ProbeState = (typeof PROBE_STATES)[number];

/** Where a probe tells that it tripped or cleared: an email address or an http(s) webhook URL. */
export const NotifyTarget = z
  .string()
  .max(500)
  .refine((v) => /^https?:\/\/[^\s]+$/.test(v) || /^[^\s@]+@[^\s@]+$/.test(v), { error: 'must be an email address or an http(s) webhook URL' });

const minutes = (max: number) =>
  z
    .number({ error: 'must be a number of minutes' })
    .int({ error: 'must be a whole number of minutes' })
    .min(1, { error: 'must be at least 1 minute' })
    .max(max, { error: `must be at most ${max} minutes` });

const common = {
  description: Description,
  enabled: z.boolean().default(true),
  /** Unset: the worker's SIGNALBOX_OPS_EMAIL (nobody when that is unset too). */
  notify: NotifyTarget.optional(),
};

/**
 * Share of runs of an event code (closed in the window, test runs excluded) that ended failed, or
 * of a provider's settled orders that ended FAILED. Trips above `threshold` once at least
 * `minSamples` were seen in the window.
 */
export const ErrorRateProbe = z
  .strictObject({
    kind: z.literal('error-rate'),
    ...common,
    eventCode: Code.optional(),
    provider: Slug.optional(),
    threshold: z.number({ error: 'must be a fraction between 0 and 1' }).min(0, { error: 'must be at least 0' }).max(1, { error: 'must be at most 1 (a fraction)' }),
    windowMinutes: minutes(1440),
    minSamples: z.number().int().min(1).max(100_000).default(5),
  })
  .superRefine((p, ctx) => {
    if ((p.eventCode === undefined) === (p.provider === undefined)) ctx.addIssue({ code: 'custom', path: ['eventCode'], message: 'give exactly one of eventCode or provider' });
  });

/** Punctuality: orders (of a provider, or of all) still PROCESSING after `olderThanMinutes`; trips when more than `threshold`. */
export const StaleOrdersProbe = z.strictObject({
  kind: z.literal('stale-orders'),
  ...common,
  provider: Slug.optional(),
  olderThanMinutes: minutes(10_080),
  threshold: z.number().int().min(0).max(1_000_000).default(0),
});

/** Punctuality: batch executions (of one definition, or of all) that started more than `lateMinutes` after their schedule said. */
export const LateBatchesProbe = z.strictObject({
  kind: z.literal('late-batches'),
  ...common,
  batch: Slug.optional(),
  lateMinutes: minutes(1440),
  windowMinutes: minutes(10_080),
  threshold: z.number().int().min(0).max(1_000_000).default(0),
});

export const ProbeDefinition = z.discriminatedUnion('kind', [ErrorRateProbe, StaleOrdersProbe, LateBatchesProbe]);
export type ProbeDefinition = z.infer<typeof ProbeDefinition>;

/** A probe as stored and reported: its definition and its last evaluation. */
export interface ProbeStatus {
  code: string;
  definition: ProbeDefinition;
  state: ProbeState;
  /** The measured value at the last evaluation (a fraction for error-rate, a count otherwise). */
  value: number | null;
  /** Samples the value was computed from (error-rate), or null. */
  samples: number | null;
  /** When the state last changed, and when it was last evaluated (ISO). */
  changedAt: string | null;
  evaluatedAt: string | null;
  /** Why the last evaluation could not be made, if it could not. */
  error: string | null;
}

/** The measured value of one probe and whether that trips it. */
export interface ProbeReading {
  value: number;
  samples?: number;
  tripped: boolean;
}

/** Whether a reading trips its probe: the one rule both the worker and tests use. */
export function readingTrips(definition: ProbeDefinition, value: number, samples = 0): boolean {
  switch (definition.kind) {
    case 'error-rate':
      return samples >= definition.minSamples && value > definition.threshold;
    case 'stale-orders':
    case 'late-batches':
      return value > definition.threshold;
  }
}
