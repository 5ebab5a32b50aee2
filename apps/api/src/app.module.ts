import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CatalogDocumentModule } from './catalog-document/catalog-document.module';
import { CatalogModule } from './catalog/catalog.module';
import { CatalogCacheModule } from './catalog-cache/catalog-cache.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { ZodValidationPipe } from './common/zod-validation.pipe';
import { apiConfig, type ApiConfig } from './config/api.config';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { EvaluationModule } from './evaluation/evaluation.module';
import { HealthModule } from './health/health.module';
import { BatchesModule } from './batches/batches.module';
import { MessagesModule } from './messages/messages.module';
import { MessageDeliveriesModule } from './message-deliveries/message-deliveries.module';
import { MetricsModule } from './metrics/metrics.module';
import { ProbesModule } from './probes/probes.module';
import { ReconciliationsModule } from './reconciliations/reconciliations.module';
import { TemporalModule } from './temporal/temporal.module';
import { WorkflowsModule } from './workflows/workflows.module';
import { EventsModule } from './events/events.module';
import { RunsModule } from './runs/runs.module';
import { ServiceOrdersModule } from './service-orders/service-orders.module';
import { FileInboxModule } from './file-inbox/file-inbox.module';
import { SystemModule } from './system/system.module';
import { TmfModule } from './tmf/tmf.module';
import { TracingModule } from './tracing/tracing.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** Feature modules; the runtime modules (events, runs, service orders, system) are appended here. */
export const FEATURE_MODULES = [
  HealthModule,
  CatalogModule,
  WorkflowsModule,
  CatalogDocumentModule,
  DemoModule,
  EventsModule,
  RunsModule,
  ServiceOrdersModule,
  FileInboxModule,
  SystemModule,
  ProbesModule,
  BatchesModule,
  MessagesModule,
  MessageDeliveriesModule,
  TmfModule,
  ReconciliationsModule,
  WebhooksModule,
];

@Module({})
export class AppModule {
  /** The DataSource comes connected and migrated (bootstrap.ts), so database errors are reported before Nest starts. */
  static forRoot(config: ApiConfig, dataSource: DataSource): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [apiConfig] }),
        DatabaseModule.forRoot(dataSource, config.secretKey),
        TracingModule.forRoot(config),
        TemporalModule,
        AuditModule,
        CatalogCacheModule,
        AuthModule,
        EvaluationModule,
        MetricsModule,
        ...FEATURE_MODULES,
      ],
      providers: [
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
