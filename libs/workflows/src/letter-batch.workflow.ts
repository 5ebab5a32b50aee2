import { condition, continueAsNew, proxyActivities, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import { letterBatchLetterSignal, type LetterBatchInput, type LetterManifestEntry } from '@signalbox/contracts';
import type { Activities } from '@signalbox/activities';

const letters = proxyActivities<Activities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: ['ProviderMisconfigured'] },
});

/**
 * A letter provider's open print batch (`letter-batch:<provider>`), the file provider's batch
 * (file-batch.workflow.ts) for letters: manifest lines arrive by signal (once each, by letter id);
 * the batch closes at `maxBatchLetters` or when its first letter has waited `maxBatchAgeMs`, and
 * `writeLetterManifest` writes its manifest. The workflow ends once nothing is waiting.
 */
export async function letterBatchWorkflow(input: LetterBatchInput): Promise<{ batches: number }> {
  const pending: LetterManifestEntry[] = [...(input.pending ?? [])];
  const seen = new Set(pending.map((l) => l.letterId));
  setHandler(letterBatchLetterSignal, (entry) => {
    // A retried send signals the same letter again; it belongs in one batch only.
    if (seen.has(entry.letterId)) return;
    seen.add(entry.letterId);
    pending.push(entry);
  });
  let batches = 0;
  for (;;) {
    await condition(() => pending.length > 0);
    await condition(() => pending.length >= input.maxBatchLetters, input.maxBatchAgeMs);
    const batch = pending.splice(0, input.maxBatchLetters);
    await letters.writeLetterManifest({ providerCode: input.providerCode, batchId: uuid4(), letters: batch });
    batches++;
    if (pending.length === 0) return { batches };
    if (workflowInfo().continueAsNewSuggested) return continueAsNew<typeof letterBatchWorkflow>({ ...input, pending });
  }
}
