import { upsertSearchAttributes } from '@temporalio/workflow';
import type { SmokeInput } from '@signalbox/contracts';
import { EVENT_CODE_KEY } from './search-attributes';

/** The foundation's smoke test: proves the worker, the bundle and the search attributes. */
export async function smokeWorkflow({ message }: SmokeInput): Promise<string> {
  upsertSearchAttributes([{ key: EVENT_CODE_KEY, value: 'SMOKE' }]);
  return `smoke ok: ${message}`;
}
