import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { startTracing, type ProcessTracing } from '@signalbox/contracts/tracing';
import type { ApiConfig } from '../config/api.config';

/** The process's tracer provider, flushed when the app shuts down. */
export class ApiTracing implements OnApplicationShutdown {
  constructor(private readonly tracing: ProcessTracing) {}

  async onApplicationShutdown(): Promise<void> {
    await this.tracing.shutdown();
  }
}

/**
 * OpenTelemetry for the API, only with OTEL_EXPORTER_OTLP_ENDPOINT set: without it this module
 * provides nothing, no tracer provider is registered and no span is made. The request spans (bootstrap.ts) and the
 * Temporal client's interceptor (TemporalService) reach the provider through the global API.
 */
@Module({})
export class TracingModule {
  static forRoot(config: Pick<ApiConfig, 'tracing' | 'indexPersonalKeys'>): DynamicModule {
    const settings = config.tracing;
    if (!settings) return { module: TracingModule };
    return {
      module: TracingModule,
      providers: [
        { provide: ApiTracing, useFactory: () => new ApiTracing(startTracing(settings, { indexPersonalKeys: config.indexPersonalKeys })) },
      ],
    };
  }
}
