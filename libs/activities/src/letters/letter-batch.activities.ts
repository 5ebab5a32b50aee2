import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { letterBatchLetterSignal, letterBatchWorkflowId, WORKFLOW_TYPES, type LetterBatchInput, type LetterBatchWritten, type LetterManifestEntry } from '@signalbox/contracts';
import type { ProviderDirectory } from '../ports';
import { letterSettingsOf, type LetterBatchSpool, type LetterOutboxAdapter } from './letter-outbox.adapter';

/** The spool of the worker: the provider's open print batch workflow, started by the first letter. */
export function temporalLetterSpool(client: () => Client, taskQueue: string): LetterBatchSpool {
  return {
    async add(provider, entry) {
      const settings = letterSettingsOf(provider);
      const input: LetterBatchInput = { providerCode: provider.code, maxBatchLetters: settings.maxBatchLetters, maxBatchAgeMs: settings.maxBatchAgeMs };
      await client().workflow.signalWithStart(WORKFLOW_TYPES.letterBatch, {
        workflowId: letterBatchWorkflowId(provider.code),
        taskQueue,
        args: [input],
        signal: letterBatchLetterSignal,
        signalArgs: [entry],
        staticSummary: `print batch of ${provider.code}`,
      });
    },
  };
}

export function letterBatchActivities(deps: { letters: LetterOutboxAdapter; providers: ProviderDirectory }) {
  /** Writes one closed print batch's manifest (the outbox read live, like a file provider's folders). */
  async function writeLetterManifest(req: { providerCode: string; batchId: string; letters: LetterManifestEntry[] }): Promise<LetterBatchWritten> {
    const provider = await deps.providers.load(req.providerCode);
    if (!provider) throw ApplicationFailure.nonRetryable(`provider ${req.providerCode} no longer exists; print batch ${req.batchId} was not written`, 'ProviderMisconfigured');
    return deps.letters.writeManifest(provider, req.batchId, req.letters);
  }
  return { writeLetterManifest };
}
