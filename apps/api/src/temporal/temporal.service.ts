import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import { describeTemporalConnection, diagnoseTemporalConnection, type TemporalConnectionMode } from '@signalbox/contracts/temporal-connection';
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
    const api = config.getOrThrow('api', { infer: true });
    this.config = api.temporal;
    this.connection = Connection.lazy({ ...this.config.connection.options, connectTimeout: '3s' });
    // With tracing on, starts and signals carry the request's trace context to the workflow (a header).
    const interceptors = api.tracing ? { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } } : {};
    this.temporalClient = new Client({ connection: this.connection, namespace: this.config.namespace, ...interceptors });
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

  /** How the connection is secured (TLS, mTLS, API key), without a secret: shown by /api/health. */
  mode(): TemporalConnectionMode {
    return describeTemporalConnection(this.config.connection.settings);
  }

  /**
   * At boot, with TLS or an API key configured: connects once and answers what to change when the
   * server refuses the certificate, the key or the TLS handshake. A server that is merely not
   * answering yet is no reason to refuse to start (the connection stays lazy); plaintext has no
   * credentials to get wrong, so it is not checked and boot does not wait for Temporal.
   */
  async credentialProblem(timeoutMs = 10_000): Promise<string | undefined> {
    const { settings, options } = this.config.connection;
    if (!settings.tls && settings.apiKey === undefined) return undefined;
    try {
      await this.connection.withDeadline(Date.now() + timeoutMs, () => this.connection.workflowService.getSystemInfo({}));
      // The namespace is where an API key's permissions show: describing it proves the key reaches it.
      await this.connection.withDeadline(Date.now() + timeoutMs, () => this.connection.workflowService.describeNamespace({ namespace: this.config.namespace }));
      return undefined;
    } catch (err) {
      const problem = await diagnoseTemporalConnection(err, settings, options);
      if (!problem) this.logger.warn(`Temporal at ${this.config.address} is not answering yet (${(err as Error).message}); the API starts and connects when it does`);
      return problem;
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
