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
  /** Sees each request before Express; calls `next` for those it leaves to Express (see useFront). */
  private front?: (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

  constructor(private readonly limits: HttpLimits) {
    super();
  }

  /** Puts `handler` in front of Express: a request it answers never reaches Express or Nest. */
  useFront(handler: (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void): void {
    this.front = handler;
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
      (req, res) => {
        const express = this.getInstance<(req: http.IncomingMessage, res: http.ServerResponse) => void>();
        if (this.front) this.front(req, res, () => express(req, res));
        else express(req, res);
      },
    );
  }
}
