import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import type { WireCallback } from '@signalbox/contracts';
import { FILE_BATCH_EXTENSION, FILE_BATCH_LIMITS } from '@signalbox/contracts/file-batch';
import type { Provider } from '@signalbox/domain';
import { ProviderEntity, SecretBox, type ProviderSecrets } from '@signalbox/persistence';
import { ApiError } from '../common/api-error';
import type { ApiConfigShape } from '../config/api.config';
import { ServiceOrdersService } from '../service-orders/service-orders.service';
import { applyResponseFile, type LineResult, type ResponseFileReport } from './response-file';

/** Sub-folders of an inbox: a file is claimed by renaming it into `processing` (one API instance wins). */
export const INBOX_FOLDERS = { processing: 'processing', processed: 'processed', rejected: 'rejected' } as const;

/**
 * Reads file providers' inbox folders and applies each response file's answers through
 * `ServiceOrdersService.respond` — the queued-mode answer path of POST
 * /api/service-orders/{id}/response, not a copy of it. A processed file moves to `processed/`
 * with a `<file>.report.json` (applied count, rejected lines by number); a file that applies
 * nothing (authentication failed, header does not match) moves to `rejected/` with a
 * `<file>.reason.txt`. Runs in the API because answers are recorded and signalled there.
 */
@Injectable()
export class FileInboxService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(FileInboxService.name);
  private readonly pollMs: number;
  private timer?: NodeJS.Timeout;
  private reading?: Promise<void>;

  constructor(
    @Inject(ConfigService) config: ConfigService<ApiConfigShape, true>,
    private readonly dataSource: DataSource,
    private readonly box: SecretBox,
    private readonly orders: ServiceOrdersService,
  ) {
    this.pollMs = config.getOrThrow('api', { infer: true }).fileInboxPollMs;
  }

  onApplicationBootstrap(): void {
    if (this.pollMs > 0) this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.reading;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.reading = this.readAll()
        .then(() => undefined)
        .catch((err: unknown) => this.logger.error(`reading file providers' inboxes failed: ${(err as Error).message}`))
        .finally(() => {
          this.reading = undefined;
          if (this.timer) this.schedule();
        });
    }, this.pollMs);
    this.timer.unref();
  }

  /** One pass over every file provider's inbox. */
  async readAll(): Promise<ResponseFileReport[]> {
    const rows = await this.dataSource
      .getRepository(ProviderEntity)
      .createQueryBuilder('p')
      .where(`p.definition->>'protocol' = 'file'`)
      .getMany();
    const reports: ResponseFileReport[] = [];
    for (const row of rows) {
      const provider = row.definition as Provider;
      const key = row.secrets ? this.box.openJson<ProviderSecrets>(row.secrets).fileKey : undefined;
      if (!provider.file || !key) continue;
      try {
        reports.push(...(await this.readInbox(provider, provider.file.inbox, key)));
      } catch (err) {
        this.logger.warn(`provider ${provider.code}: its inbox could not be read: ${(err as Error).message}`);
      }
    }
    return reports;
  }

  private async readInbox(provider: Provider, inbox: string, key: string): Promise<ResponseFileReport[]> {
    let names: string[];
    try {
      names = (await readdir(inbox)).filter((n) => n.endsWith(FILE_BATCH_EXTENSION)).sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const reports: ResponseFileReport[] = [];
    for (const name of names) {
      const claimed = await this.claim(inbox, name);
      if (!claimed) continue;
      reports.push(await this.process(provider, inbox, name, claimed, key));
    }
    return reports;
  }

  /** Renames the file into processing/; another instance that got there first makes this fail. */
  private async claim(inbox: string, name: string): Promise<string | undefined> {
    const target = path.join(inbox, INBOX_FOLDERS.processing, name);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await rename(path.join(inbox, name), target);
      return target;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  private async process(provider: Provider, inbox: string, name: string, claimed: string, key: string): Promise<ResponseFileReport> {
    const size = (await stat(claimed)).size;
    const report =
      size > FILE_BATCH_LIMITS.maxFileBytes
        ? { file: name, refused: `larger than ${FILE_BATCH_LIMITS.maxFileBytes} bytes`, applied: 0, rejected: [] }
        : await applyResponseFile(name, await readFile(claimed), key, (callback) => this.applyLine(provider, callback));
    const folder = path.join(inbox, report.refused ? INBOX_FOLDERS.rejected : INBOX_FOLDERS.processed);
    await mkdir(folder, { recursive: true });
    if (report.refused) {
      await writeFile(path.join(folder, `${name}.reason.txt`), `${report.refused}\n`);
      this.logger.warn(`provider ${provider.code}: response file ${name} applied nothing and was moved to ${INBOX_FOLDERS.rejected}/: ${report.refused}`);
    } else {
      await writeFile(path.join(folder, `${name}.report.json`), `${JSON.stringify(report, null, 2)}\n`);
      for (const r of report.rejected) {
        this.logger.warn(`provider ${provider.code}: response file ${name} line ${r.line}${r.serviceOrderId ? ` (order ${r.serviceOrderId})` : ''} rejected: ${r.problem}`);
      }
      this.logger.log(`provider ${provider.code}: response file ${name}: ${report.applied} answers applied, ${report.rejected.length} lines rejected`);
    }
    await rename(claimed, path.join(folder, name));
    return report;
  }

  /** One answer, through the same path as POST /api/service-orders/{id}/response, for this provider's orders only. */
  private async applyLine(provider: Provider, callback: WireCallback): Promise<LineResult> {
    try {
      const order = await this.orders.get(callback.serviceOrderId);
      if (order.providerCode !== provider.code) return { applied: false, problem: `order ${callback.serviceOrderId} is not an order of provider ${provider.code}` };
      await this.orders.respond(callback.serviceOrderId, callback);
      return { applied: true };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // 503: recorded, but Temporal refused the signal; the run reads recorded answers itself.
      if (err.getStatus() === 503) return { applied: true };
      return { applied: false, problem: messageOf(err) };
    }
  }
}

function messageOf(err: ApiError): string {
  const body = err.getResponse();
  return typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string' ? (body as { message: string }).message : err.message;
}
