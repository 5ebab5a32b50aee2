import { PORT_VARIABLES, readConfig } from './config';
import { ListenError, startSimulator } from './simulator';

async function main(): Promise<void> {
  const config = readConfig(process.env);
  if (!config.ok) {
    for (const problem of config.problems) console.error(`network-simulator: ${problem}`);
    process.exit(1);
  }
  let simulator;
  try {
    simulator = await startSimulator(config.options);
  } catch (error) {
    console.error(`network-simulator: ${describeStartFailure(error)}`);
    process.exit(1);
  }
  console.log(`network-simulator listening on ${simulator.url} (tcp ${simulator.tcpPort}, smtp ${simulator.smtpPort})`);

  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`network-simulator: shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

function describeStartFailure(error: unknown): string {
  if (error instanceof ListenError) {
    const variable = PORT_VARIABLES[error.listener];
    if (error.code === 'EADDRINUSE') return `port ${error.port} is in use: set ${variable} to a free port`;
    if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
      return `cannot listen on ${error.host}: set SIMULATOR_HOST to an address of this machine (e.g. 127.0.0.1)`;
    }
    if (error.code === 'EACCES') return `port ${error.port} needs privileges: set ${variable} to a port above 1023`;
    return `${error.message}: check SIMULATOR_HOST and ${variable}`;
  }
  return (error as Error)?.message ?? String(error);
}

void main();
