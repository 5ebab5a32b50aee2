import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import { BootError, connectDatabase, createApp, offlineOpenApiDocument } from './bootstrap';
import { ConfigurationError, loadApiConfig } from './config/api.config';
import { DemoLoaderService } from './demo/demo-loader.service';

const USAGE = `usage: node apps/api/dist/cli.js <command>
  migrate                              run pending database migrations (DATABASE_URL)
  demo:load [--simulator-url <url>]    load the demo catalog into the database (creates or updates its entries)
  openapi                              print the OpenAPI document (JSON) without a database or Temporal`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'migrate') {
    parseArgs({ args: rest, options: {}, strict: true });
    // Migrating needs only the database; the secret key is irrelevant here.
    const config = loadApiConfig({ ...process.env, SIGNALBOX_SECRET_KEY: process.env.SIGNALBOX_SECRET_KEY || Buffer.alloc(32).toString('base64') });
    const ds = await connectDatabase(config, 'signalbox-cli');
    await ds.destroy();
    console.log('migrations are up to date');
    return 0;
  }
  if (command === 'demo:load') {
    const { values } = parseArgs({ args: rest, options: { 'simulator-url': { type: 'string' } }, strict: true });
    const config = loadApiConfig();
    const simulatorUrl = values['simulator-url'] ?? config.simulatorUrl;
    const ds = await connectDatabase(config, 'signalbox-cli');
    const app = await createApp(config, ds, ['error', 'warn']);
    try {
      await app.init();
      const changes = await app.get(DemoLoaderService).load(simulatorUrl);
      const count = (c: string) => changes.filter((x) => x.change === c).length;
      console.log(`demo catalog loaded from simulator ${simulatorUrl}: ${count('create')} created, ${count('update')} updated, ${count('unchanged')} unchanged`);
    } finally {
      await app.close();
      await ds.destroy();
    }
    return 0;
  }
  if (command === 'openapi') {
    parseArgs({ args: rest, options: {}, strict: true });
    // Nothing connects: placeholders satisfy the schema of the variables the document does not use.
    const config = loadApiConfig({ DATABASE_URL: 'postgres://unused/openapi', SIGNALBOX_SECRET_KEY: Buffer.alloc(32).toString('base64') });
    const text = `${JSON.stringify(await offlineOpenApiDocument(config), null, 2)}\n`;
    // Writes to a pipe finish asynchronously: exiting before the callback would cut the document short.
    await new Promise<void>((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
    return 0;
  }
  console.error(command ? `unknown command ${command}\n${USAGE}` : USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigurationError || err instanceof BootError) console.error(`signalbox: ${err.message}`);
    else if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) console.error(`${(err as Error).message}\n${USAGE}`);
    else new Logger('cli').error((err as Error).message);
    process.exit(1);
  },
);
