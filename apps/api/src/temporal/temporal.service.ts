import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, Connection } from '@temporalio/client';
import type { ApiConfigShape } from '../config/api.config';

/**
 * The Temporal client over a lazy connection: the API starts (and serves the catalog) while
 * Temporal is still coming up, and connects on the first call that needs it.
 */
@Injectable()
export class TemporalService implements OnApplicationShutdown {
  private readonly logger = new Logger(TemporalService.name);
  private readonly connection: Connection;
  private readonly temporalClient: Client;
  readonly config: ApiConfigShape['api']['temporal'];

  constructor(@Inject(ConfigService) config: ConfigService<ApiConfigShape, true>) {
    this.config = config.getOrThrow('api', { infer: true }).temporal;
    this.connection = Connection.lazy({ address: this.config.address, connectTimeout: '3s' });
    this.temporalClient = new Client({ connection: this.connection, namespace: this.config.namespace });
  }

  client(): Client {
    return this.temporalClient;
  }

  /** Whether the server answers within the deadline. */
  async ping(timeoutMs = 3000): Promise<boolean> {
    try {
      await this.connection.withDeadline(Date.now() + timeoutMs, () => this.connection.workflowService.getSystemInfo({}));
      return true;
    } catch (err) {
      this.logger.debug(`Temporal at ${this.config.address} is not answering: ${(err as Error).message}`);
      return false;
    }
  }

  /** Where ops see a run in the Temporal Web UI. */
  uiUrlFor(workflowId: string, runId?: string): string {
    const base = `${this.config.uiUrl}/namespaces/${encodeURIComponent(this.config.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
    return runId ? `${base}/${encodeURIComponent(runId)}` : base;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}
