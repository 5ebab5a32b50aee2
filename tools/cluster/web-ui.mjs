// The Temporal Web UI for the cluster: the UI server (the same version the CLI's dev server embeds),
// pointed at the cluster's frontend. `temporal server start-dev` can only show its own server.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes `<configDir>/cluster.yaml`; returns the arguments that start the UI server on it. */
export function uiServerArgs({ configDir, temporalAddress, port, namespace }) {
  mkdirSync(configDir, { recursive: true });
  const config = [
    '# Written by tools/cluster at each start.',
    `temporalGrpcAddress: ${temporalAddress}`,
    'host: 127.0.0.1',
    `port: ${port}`,
    'enableUi: true',
    `defaultNamespace: ${namespace}`,
    'notifyOnNewVersion: false',
    'cors:',
    '  cookieInsecure: true',
    '',
  ].join('\n');
  writeFileSync(path.join(configDir, 'cluster.yaml'), config);
  return ['--root', configDir, '--config', '.', '--env', 'cluster', 'start'];
}
