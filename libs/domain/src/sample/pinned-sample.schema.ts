import { z } from 'zod';
import { jsonBoundsProblem } from '../common/bounded-json';
import { ElementId } from '../common/ids';
import { Subject } from '../common/subject';
import { EVENT_DATA_LIMITS, EventData } from '../events/event-data.schema';
import { plainIssueText } from '../validation/issue-text';

/**
 * How large pinned sample data may be. A step run carries it in its workflow input (next to the
 * frozen graph), and the designer keeps it in localStorage: the same 256 kB as an event's data,
 * for the whole sample, and results of at most 200 earlier steps.
 */
export const PINNED_SAMPLE_LIMITS = { maxBytes: EVENT_DATA_LIMITS.maxBytes, maxDepth: EVENT_DATA_LIMITS.maxDepth, maxNodes: 200 } as const;

/** What one earlier step left, as `nodes.<id>.outcome` / `nodes.<id>.output` read it. */
export const PinnedNodeResult = z.strictObject({
  outcome: z.string().min(1).max(64).optional(),
  output: z.unknown().optional(),
});
export type PinnedNodeResult = z.infer<typeof PinnedNodeResult>;

/**
 * Sample input for a workflow, pinned by an analyst in the designer: the subject and data of an
 * event and what earlier steps left behind. Expression previews are evaluated against it, and
 * "run this step" sends it to `POST /api/workflows/{code}/steps/{nodeId}/test-run`.
 */
export const PinnedSample = z
  .strictObject({
    subject: Subject,
    data: EventData.default({}),
    // `__proto__` is a valid id but would not be an own key of the results object.
    nodes: z.record(ElementId.refine((id) => id !== '__proto__', { error: 'use another id' }), PinnedNodeResult).default({}),
  })
  .superRefine((sample, ctx) => {
    const count = Object.keys(sample.nodes).length;
    if (count > PINNED_SAMPLE_LIMITS.maxNodes) {
      ctx.addIssue({ code: 'custom', path: ['nodes'], message: `holds ${count} steps; at most ${PINNED_SAMPLE_LIMITS.maxNodes}: keep the ones the step reads` });
      return;
    }
    const problem = jsonBoundsProblem(sample, { ...PINNED_SAMPLE_LIMITS, hint: 'pin smaller outputs' });
    if (problem) ctx.addIssue({ code: 'custom', path: [], message: problem });
  });
export type PinnedSample = z.infer<typeof PinnedSample>;

export interface SampleProblem {
  /** Dotted path in the sample ("" for the whole of it). */
  path: string;
  message: string;
}

export type PinnedSampleParse = { ok: true; sample: PinnedSample } | { ok: false; problems: SampleProblem[] };

/** Longest JSON text read at all: past this it is not parsed (a bound before the parser, not after). */
const MAX_SAMPLE_TEXT = PINNED_SAMPLE_LIMITS.maxBytes * 2;

/** Checks a value against PinnedSample, with each problem at its field in plain words. */
export function checkPinnedSample(value: unknown): PinnedSampleParse {
  const parsed = PinnedSample.safeParse(value);
  if (parsed.success) return { ok: true, sample: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => issueProblem(issue, value)) };
}

/** Reads pinned sample data typed as JSON: a syntax error names where it is, then the shape is checked. */
export function parsePinnedSample(text: string): PinnedSampleParse {
  if (text.length > MAX_SAMPLE_TEXT) {
    return { ok: false, problems: [{ path: '', message: `is ${Math.ceil(text.length / 1024)} kB of text; at most ${PINNED_SAMPLE_LIMITS.maxBytes / 1024} kB of JSON can be pinned` }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [{ path: '', message: `is not valid JSON: ${(err as Error).message}` }] };
  }
  return checkPinnedSample(value);
}

function issueProblem(issue: z.core.$ZodIssue, root: unknown): SampleProblem {
  if (issue.code === 'unrecognized_keys') {
    const at = issue.path.map(String).join('.');
    return { path: at, message: `has unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}` };
  }
  if (issue.code === 'invalid_key') {
    return { path: issue.path.map(String).join('.'), message: `is not a step id: ${issue.issues[0]?.message ?? 'use letters, digits, dashes or underscores'}` };
  }
  const value = issue.path.reduce<unknown>((v, key) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined), root);
  const missing = value === undefined && issue.code === 'invalid_type';
  return { path: issue.path.map(String).join('.'), message: missing ? 'is required' : plainIssueText(issue, value) };
}
