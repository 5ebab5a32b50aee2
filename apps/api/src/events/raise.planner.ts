import { randomUUID } from 'node:crypto';
import type { EventCode, InboundEvent, NodeResult, RaiseEvent, Subject } from '@signalbox/domain';
import { planRunStart, SnapshotReferenceError, type RunStart, type VersionSnapshot } from '@signalbox/contracts';
import type { Problem } from '../common/api-error';

/** What planning reads from the catalog (RuntimeCatalog in the API). */
export interface RaiseCatalog {
  eventCodes: ReadonlyMap<string, EventCode>;
  inboundEvents: ReadonlyMap<string, InboundEvent>;
  /** The latest published snapshot; undefined when never published; throws SnapshotReferenceError when it is broken. */
  publishedSnapshot(eventCode: string): Promise<VersionSnapshot | undefined>;
}

/** One run to start, fully validated. */
export interface PlannedRun extends RunStart {
  /** Index of the raise in the request it came from. */
  index: number;
  eventCode: string;
}

export interface PlanOptions {
  now: Date;
  indexPersonalKeys: boolean;
  /** Path prefix of raise i in the request body (e.g. ["events", 3]); [] for a single raise. */
  pathOf: (index: number) => (string | number)[];
  /** Most runs one request may start (a customer-level raise starts one per account and code). */
  maxRuns: number;
  /** How far ahead scheduledAt may be. */
  maxScheduleMs: number;
}

interface Target {
  eventCode: string;
  subject: Subject;
  keySuffix: string[];
  /** Where to report a problem with the event code itself. */
  codePath: string;
}

const join = (prefix: (string | number)[], ...rest: string[]) => [...prefix.map(String), ...rest].join('.');

export function planRun(args: {
  index: number;
  snapshot: VersionSnapshot;
  subject: Subject;
  data: Record<string, unknown>;
  eventId: string;
  test: boolean;
  startDelayMs: number;
  now: Date;
  indexPersonalKeys: boolean;
  /** Test runs of one step only: the pinned results of earlier steps (RunInput.seedResults). */
  seedResults?: Record<string, NodeResult>;
}): PlannedRun {
  const { snapshot, subject } = args;
  const input = { snapshot, subject, data: args.data, eventId: args.eventId, raisedAt: args.now.toISOString(), test: args.test, ...(args.test && args.seedResults ? { seedResults: args.seedResults } : {}) };
  return { index: args.index, eventCode: snapshot.eventCode, ...planRunStart(input, { startDelayMs: args.startDelayMs, indexPersonalKeys: args.indexPersonalKeys }) };
}

/**
 * Turns raises into runs to start: resolves inbound names through the subscriptions matrix
 * (customer-level events once per account), checks required subject keys and that each code has
 * a published version, and freezes each version's snapshot. Either every raise is valid and
 * every run is planned, or the problems list says what is wrong with which raise.
 */
export async function planRaises(events: RaiseEvent[], catalog: RaiseCatalog, options: PlanOptions): Promise<{ runs: PlannedRun[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const runs: PlannedRun[] = [];
  const snapshots = new Map<string, VersionSnapshot | SnapshotReferenceError | undefined>();

  const snapshotOf = async (code: string) => {
    if (!snapshots.has(code)) {
      try {
        snapshots.set(code, await catalog.publishedSnapshot(code));
      } catch (err) {
        if (!(err instanceof SnapshotReferenceError)) throw err;
        snapshots.set(code, err);
      }
    }
    return snapshots.get(code);
  };

  let planned = 0;
  for (const [index, event] of events.entries()) {
    const prefix = options.pathOf(index);
    const targets = resolveTargets(event, catalog, prefix, problems);
    planned += targets.length;
    if (planned > options.maxRuns) {
      // Checked before any snapshot is read, so a huge fan-out costs nothing.
      return { runs: [], problems: [{ path: join(prefix), message: `the request would start more than ${options.maxRuns} runs (counting one per account and event code): split it into smaller requests` }] };
    }
    const startDelayMs = event.scheduledAt ? Math.max(0, Date.parse(event.scheduledAt) - options.now.getTime()) : 0;
    if (startDelayMs > options.maxScheduleMs) {
      const days = Math.round(options.maxScheduleMs / 86_400_000);
      problems.push({ path: join(prefix, 'scheduledAt'), message: `must be at most ${days} days from now` });
      continue;
    }
    for (const target of targets) {
      const eventCode = catalog.eventCodes.get(target.eventCode);
      if (!eventCode) {
        problems.push({ path: target.codePath, message: `event code ${target.eventCode} does not exist` });
        continue;
      }
      if (!eventCode.enabled) {
        problems.push({ path: target.codePath, message: `event code ${target.eventCode} is disabled` });
        continue;
      }
      const missing = eventCode.requiredSubjectKeys.filter((key) => !target.subject[key]);
      for (const key of missing) problems.push({ path: join(prefix, 'subject', key), message: `is required for ${target.eventCode}` });
      const snapshot = await snapshotOf(target.eventCode);
      if (snapshot === undefined) {
        problems.push({ path: target.codePath, message: `${target.eventCode} has no published workflow version: publish it first` });
        continue;
      }
      if (snapshot instanceof SnapshotReferenceError) {
        for (const p of snapshot.problems) problems.push({ path: target.codePath, message: `the published workflow of ${target.eventCode} is broken: ${p.message} (${p.path})` });
        continue;
      }
      if (missing.length > 0) continue;
      const eventId = event.idempotencyKey ? [event.idempotencyKey, ...target.keySuffix].join(':') : randomUUID();
      runs.push(planRun({ index, snapshot, subject: target.subject, data: event.data, eventId, test: false, startDelayMs, now: options.now, indexPersonalKeys: options.indexPersonalKeys }));
    }
  }
  return { runs: problems.length ? [] : runs, problems };
}

function resolveTargets(event: RaiseEvent, catalog: RaiseCatalog, prefix: (string | number)[], problems: Problem[]): Target[] {
  if (event.eventCode) {
    if (event.accounts) problems.push({ path: join(prefix, 'accounts'), message: 'is only for customer-level inbound events that dispatch to accounts' });
    return [{ eventCode: event.eventCode, subject: event.subject, keySuffix: [], codePath: join(prefix, 'eventCode') }];
  }
  const name = event.inboundName ?? '';
  const inbound = catalog.inboundEvents.get(name);
  const namePath = join(prefix, 'inboundName');
  if (!inbound) {
    problems.push({ path: namePath, message: `inbound event ${name} does not exist` });
    return [];
  }
  if (inbound.subscriptions.length === 0) {
    problems.push({ path: namePath, message: `${name} is not subscribed to any event code` });
    return [];
  }
  // The workflow id carries the event code, so one key may fan out to several codes.
  const codes = [...inbound.subscriptions].sort();
  if (!inbound.dispatchToAccounts) {
    if (event.accounts) problems.push({ path: join(prefix, 'accounts'), message: `is only for inbound events that dispatch to accounts; ${name} does not` });
    return codes.map((code) => ({ eventCode: code, subject: event.subject, keySuffix: [], codePath: namePath }));
  }
  if (!event.accounts || event.accounts.length === 0) {
    problems.push({ path: join(prefix, 'accounts'), message: `is required: ${name} is raised once for each of the customer's accounts; list them` });
    return [];
  }
  const accounts = [...new Set(event.accounts)];
  return codes.flatMap((code) =>
    accounts.map((accountId) => ({ eventCode: code, subject: { ...event.subject, accountId }, keySuffix: [accountId], codePath: namePath })),
  );
}
