import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { FileBatchWritten, WireServiceOrder } from '@signalbox/contracts';
import { batchText, FILE_BATCH_EXTENSION, sealFile } from '@signalbox/contracts/file-batch';
import type { Provider } from '@signalbox/domain';
import type { OrderAnswer, SendOptions } from './http-provider.adapter';

/** Where a file provider's orders wait for their batch (the worker's is a Temporal workflow per provider). */
export interface FileBatchSpool {
  add(provider: Provider, order: WireServiceOrder): Promise<void>;
}

/**
 * The `file` protocol. Sending an order adds it to the provider's open batch (the spool) and
 * answers "accepted": the provider's answer comes later in a response file, read by the API's
 * inbox reader and applied through the queued-mode answer path. `writeBatch` writes a closed
 * batch: JSON Lines with a header, sealed with AES-256-GCM under the provider's key, written under
 * a temporary name and renamed, so the provider never reads half a file; the file is named by the
 * batch id, so writing the same batch twice (a retried activity) leaves one file.
 */
export class FileProviderAdapter {
  constructor(
    private readonly spool: FileBatchSpool,
    private readonly now: () => number = Date.now,
  ) {}

  async sendOrder(provider: Provider, order: WireServiceOrder, options: SendOptions = {}): Promise<OrderAnswer> {
    const file = settingsOf(provider);
    options.signal?.throwIfAborted();
    const started = this.now();
    await this.spool.add(provider, order);
    return { kind: 'accepted', endpoint: `file:${file.outbox}`, httpStatus: 202, body: { batched: true }, latencyMs: this.now() - started };
  }

  async writeBatch(provider: Provider, batchId: string, orders: readonly WireServiceOrder[]): Promise<FileBatchWritten> {
    const file = settingsOf(provider);
    if (!file.key) throw ApplicationFailure.nonRetryable(`provider ${provider.code} has no file key: set file.key`, 'ProviderMisconfigured');
    const sealed = sealFile(file.key, batchText({ kind: 'orders', batchId, provider: provider.code }, orders));
    await mkdir(file.outbox, { recursive: true });
    const target = path.join(file.outbox, `${batchId}${FILE_BATCH_EXTENSION}`);
    const temporary = `${target}.partial`;
    await writeFile(temporary, sealed, { mode: 0o600 });
    await rename(temporary, target);
    return { batchId, file: target, count: orders.length };
  }
}

function settingsOf(provider: Provider): NonNullable<Provider['file']> {
  if (provider.protocol !== 'file' || !provider.file) {
    throw ApplicationFailure.nonRetryable(`provider ${provider.code} has no file settings (outbox, inbox, key)`, 'ProviderMisconfigured');
  }
  return provider.file;
}
