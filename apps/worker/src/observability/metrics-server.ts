import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface MetricsServerOptions {
  host: string;
  port: number;
  registry: Registry;
  /** The Temporal SDK runtime's own Prometheus endpoint (bound on loopback), appended to ours. */
  sdkMetricsUrl?: string;
}

/**
 * `GET /metrics`: Signalbox's worker metrics followed by the Temporal SDK's (workflow and activity
 * task latencies, slots, poll results, cache…), so one scrape target covers the worker. The
 * worker serves nothing else over HTTP.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics is served here\n');
      return;
    }
    void render(options).then(
      (body) => res.writeHead(200, { 'content-type': options.registry.contentType }).end(body),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics unavailable: ${err instanceof Error ? err.message : String(err)}\n`),
    );
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function render(options: MetricsServerOptions): Promise<string> {
  const ours = await options.registry.metrics();
  if (!options.sdkMetricsUrl) return ours;
  let sdk = '';
  try {
    const res = await fetch(options.sdkMetricsUrl, { signal: AbortSignal.timeout(5000) });
    sdk = res.ok ? await res.text() : `# Temporal SDK metrics answered ${res.status}\n`;
  } catch (err) {
    // Ours still answer when the SDK's exporter does not.
    sdk = `# Temporal SDK metrics unavailable: ${err instanceof Error ? err.message : String(err)}\n`;
  }
  return `${ours}\n${sdk}`;
}
