import 'reflect-metadata';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Logger, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { createDataSource, redactDatabaseUrl } from '@signalbox/persistence';
import { AppModule } from './app.module';
import { ApiKeysService } from './auth/api-keys.service';
import { cachedReadsHandler } from './catalog-cache/cached-reads';
import { defaultPermission, PERMISSION_EXTENSION } from './auth/permissions';
import { BoundedExpressAdapter } from './common/bounded-http.adapter';
import { requireJsonBody } from './common/json-body.middleware';
import { BODY_LIMIT_BYTES, readRawJsonBodies } from './common/raw-json-body';
import { refuseUnstorableText } from './common/text-input.middleware';
import { openApiSchema } from './common/openapi-schema';
import { nestLevelsUpTo, QuietLogger } from './common/quiet.logger';
import { registeredZodSchemas } from './common/zod-schema.decorator';
import type { ApiConfig } from './config/api.config';
import { DemoLoaderService } from './demo/demo-loader.service';
import { TemporalService } from './temporal/temporal.service';
import { traceRequests } from './tracing/request-spans.middleware';

/** A startup failure with a message that tells the operator what to do; printed without a stack. */
export class BootError extends Error {
  override name = 'BootError';
}

/** Connects and migrates; names the database (without its password) when it cannot. */
export async function connectDatabase(config: Pick<ApiConfig, 'databaseUrl' | 'databasePoolSize'>, applicationName = 'signalbox-api'): Promise<DataSource> {
  const dataSource = createDataSource({ url: config.databaseUrl, poolSize: config.databasePoolSize, migrationsRun: false, applicationName });
  try {
    await dataSource.initialize();
  } catch (err) {
    throw new BootError(`cannot connect to the database at ${redactDatabaseUrl(config.databaseUrl)} (DATABASE_URL): ${describe(err)}`);
  }
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } catch (err) {
    await dataSource.destroy().catch(() => undefined);
    throw new BootError(`database migrations failed on ${redactDatabaseUrl(config.databaseUrl)}: ${describe(err)}`);
  }
  return dataSource;
}

export async function createApp(config: ApiConfig, dataSource: DataSource, logLevels?: LogLevel[]): Promise<INestApplication> {
  const adapter = new BoundedExpressAdapter({ requestTimeoutMs: config.requestTimeoutMs });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, dataSource), adapter, {
    bodyParser: false,
    abortOnError: false,
    logger: new QuietLogger({ logLevels: logLevels ?? nestLevelsUpTo(config.logLevel), json: config.logFormat === 'json' }),
  });
  // Before the body parser: a body that is not JSON would otherwise be ignored silently.
  app.use(requireJsonBody);
  // Graphs are read as bytes and parsed on an evaluation thread, not by the JSON parser below.
  app.use(readRawJsonBodies);
  // Catalog documents are larger than the 100 kB default.
  app.useBodyParser('json', { limit: BODY_LIMIT_BYTES });
  app.use(refuseUnstorableText);
  // Cached catalog reads that would succeed are answered before Express and Nest (cached-reads.ts);
  // with tracing on, after the tracing middleware, so that they have spans too.
  const cachedReads = cachedReadsHandler(app);
  if (config.tracing) {
    // Last, after the body is read: the request's span context then reaches the handlers.
    app.use(traceRequests);
    app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => cachedReads(req, res, () => next()));
  } else {
    adapter.useFront(cachedReads);
  }
  app.enableShutdownHooks();
  setUpOpenApi(app);
  return app;
}

function setUpOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}

/** The OpenAPI document of the app's routes (served at /api/docs-json; written by `cli.js openapi`). */
export function openApiDocument(app: INestApplication) {
  const config = new DocumentBuilder()
    .setTitle('Signalbox API')
    .setDescription('Catalog, versioned workflows, events, runs and service orders. Conventions: docs/api-conventions.md.')
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key sbx_<id>_<secret>' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // Bodies and queries are zod schemas: their JSON Schema replaces the empty class schemas.
  const schemas = (document.components ??= {}).schemas ??= {};
  for (const [name, schema] of registeredZodSchemas()) schemas[name] = openApiSchema(schema) as never;
  // Each operation names its permission, the defaults included, so clients and tests can read it.
  for (const item of Object.values(document.paths)) {
    for (const [method, operation] of Object.entries(item) as [string, Record<string, unknown>][]) {
      if (typeof operation === 'object' && operation && 'responses' in operation) operation[PERMISSION_EXTENSION] ??= defaultPermission(method);
    }
  }
  return document;
}

/**
 * The document without a database or Temporal: Nest's preview mode builds the module graph (routes,
 * decorators) without instantiating providers, so nothing connects.
 */
export async function offlineOpenApiDocument(config: ApiConfig) {
  const app = await NestFactory.create(AppModule.forRoot(config, createDataSource({ url: config.databaseUrl })), { preview: true, abortOnError: false, logger: false });
  try {
    return openApiDocument(app);
  } finally {
    await app.close();
  }
}

/** Database, app, bootstrap key, demo catalog, listen. */
export async function startApi(config: ApiConfig): Promise<INestApplication> {
  const dataSource = await connectDatabase(config);
  let app: INestApplication | undefined;
  try {
    app = await createApp(config, dataSource);
    await app.init();
    const temporalProblem = await app.get(TemporalService).credentialProblem();
    if (temporalProblem) throw new BootError(temporalProblem);
    if (config.adminKey) await app.get(ApiKeysService).ensureBootstrapKey(config.adminKey);
    if (config.demoCatalog === 'auto') await app.get(DemoLoaderService).loadIfEmpty(config.simulatorUrl);
    await listen(app, config);
  } catch (err) {
    await app?.close().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    throw err;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  new Logger('Signalbox').log(`API listening on http://${config.host}:${port}/api (OpenAPI: /api/docs)`);
  return app;
}

async function listen(app: INestApplication, config: ApiConfig): Promise<void> {
  try {
    await app.listen(config.port, config.host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new BootError(`port ${config.port} on ${config.host} is already in use: stop what uses it or choose another with PORT=<port>`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new BootError(`cannot listen on ${config.host} (HOST): no such address on this machine`);
    if (code === 'EACCES') throw new BootError(`not allowed to listen on port ${config.port} (PORT): use a port above 1024`);
    throw err;
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { errors?: unknown[] };
  if (e?.code === 'ECONNREFUSED') return 'connection refused (is PostgreSQL running?)';
  if (e?.code === 'ENOTFOUND') return 'unknown host';
  if (Array.isArray(e?.errors) && e.errors.length) return describe(e.errors[0]);
  return e?.message || String(err);
}
