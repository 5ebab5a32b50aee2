import { BootError, startApi } from './bootstrap';
import { ConfigurationError, loadApiConfig } from './config/api.config';

async function main(): Promise<void> {
  try {
    await startApi(loadApiConfig());
  } catch (err) {
    if (err instanceof ConfigurationError || err instanceof BootError) {
      console.error(`signalbox api: ${err.message}`);
    } else {
      console.error(`signalbox api: failed to start: ${(err as Error).message ?? err}`);
    }
    process.exit(1);
  }
}

void main();
