import http from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';

export interface HttpLimits {
  /** Time to receive a whole request, headers and body; Node answers 408 and closes after it. */
  requestTimeoutMs: number;
}

/**
 * Express under Nest, on a Node server that cuts off slow senders (slowloris): a client that
 * declares a large body and trickles it, or never finishes its headers, is closed after
 * `requestTimeoutMs` instead of Node's default of five minutes. Node checks these timeouts every
 * `connectionsCheckingInterval` (30 s by default), an option only the server's constructor takes —
 * hence this adapter instead of setting properties on Nest's server.
 */
export class BoundedExpressAdapter extends ExpressAdapter {
  constructor(private readonly limits: HttpLimits) {
    super();
  }

  override initHttpServer(options: NestApplicationOptions): void {
    super.initHttpServer(options);
    const requestTimeout = this.limits.requestTimeoutMs;
    this.httpServer = http.createServer(
      {
        requestTimeout,
        headersTimeout: Math.min(requestTimeout, 10_000),
        connectionsCheckingInterval: Math.max(250, Math.min(1_000, Math.floor(requestTimeout / 4))),
        keepAliveTimeout: 5_000,
      },
      this.getInstance(),
    );
  }
}
