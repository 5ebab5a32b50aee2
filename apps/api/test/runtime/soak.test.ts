import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { assertBuilt, startRuntimeStack, type RuntimeStack } from './runtime-stack';
import { describeFigures, expectSoakPassed, runSoak, type SoakSize } from './soak';

// The soak, small: a few events per service and a worker SIGKILL while they run, on the suite's
// shared Temporal server (answers-during-outage.test.ts restarts one of its own). `npm run soak`
// (tools/soak/run.mjs) runs this file at full size, Temporal restart included, through SIGNALBOX_SOAK_*.

function sizeFromEnv(): SoakSize {
  const read = (name: string, fallback: number) => {
    const raw = process.env[`SIGNALBOX_SOAK_${name}`];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw)) throw new Error(`SIGNALBOX_SOAK_${name} must be a whole number, not ${raw}`);
    return Number(raw);
  };
  return { events: read('EVENTS', 30), services: read('SERVICES', 6), workerKills: read('WORKER_KILLS', 1), temporalRestarts: read('TEMPORAL_RESTARTS', 0) };
}

const size = sizeFromEnv();
// Generous deadlines: the soak waits on progress, and a busy machine only makes it slower.
const budgetMs = 1_800_000 + size.events * 60_000;

describe(`soak: ${size.events} events over ${size.services} services, ${size.workerKills} worker kill(s), ${size.temporalRestarts} Temporal restart(s)`, () => {
  let stack: RuntimeStack;

  beforeAll(async () => {
    assertBuilt();
    stack = await startRuntimeStack({ ownTemporal: size.temporalRestarts > 0 });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  it('every run completes, each order reaches the provider once and alone for its service, no 5xx', async () => {
    const { figures, problems } = await runSoak(stack, size, (line) => console.log(`[soak] ${line}`));
    console.log(describeFigures(figures));
    if (process.env.SIGNALBOX_SOAK_REPORT) writeFileSync(process.env.SIGNALBOX_SOAK_REPORT, JSON.stringify({ figures, problems }, null, 2));

    expectSoakPassed({ figures, problems }, size, () => stack.logs());
  }, budgetMs);
});
