import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BehaviourPatch } from './behaviour';
import { CallbackSender, type CallbackOptions } from './callbacks';
import { FileDrops } from './file-drop';
import { createRequestListener } from './http/router';
import { MessageService } from './messages.service';
import { OrderService } from './orders.service';
import { createSmtpServer } from './smtp.server';
import { SimulatorState } from './state';
import { createTcpAgent } from './tcp.agent';

export interface SimulatorOptions {
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** HTTP port; 0 (the default here) picks a free one. */
  port?: number;
  tcpPort?: number;
  smtpPort?: number;
  /** Behaviour every provider starts with (before any PUT /control/providers/:code). */
  defaults?: BehaviourPatch;
  /** Behaviour of named providers from the start and after every reset (e.g. the demo preset). */
  providers?: Record<string, BehaviourPatch>;
  callbacks?: CallbackOptions;
}

export interface RunningSimulator {
  url: string;
  port: number;
  tcpPort: number;
  smtpPort: number;
  state: SimulatorState;
  stop(): Promise<void>;
}

export type ListenerName = 'http' | 'tcp' | 'smtp';

/** A listener could not start; `code` is the system error (EADDRINUSE, EACCES, EADDRNOTAVAIL...). */
export class ListenError extends Error {
  constructor(
    readonly listener: ListenerName,
    readonly host: string,
    readonly port: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

interface Listenable {
  listen(port: number, host: string, callback: () => void): unknown;
  once(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  removeListener(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const state = new SimulatorState(options.defaults, options.providers);
  const callbacks = new CallbackSender(state, options.callbacks);
  const orders = new OrderService(state, callbacks);
  const fileDrops = new FileDrops();
  const http = createServer(createRequestListener(state, orders, new MessageService(state, callbacks), callbacks, fileDrops));
  const tcp = createTcpAgent(state, orders);
  const smtp = createSmtpServer(state);
  const closers: Array<() => Promise<void>> = [];

  const stop = async () => {
    state.close();
    fileDrops.stop();
    tcp.closeConnections();
    await Promise.all(closers.map((close) => close()));
  };

  try {
    const port = await listen(http, 'http', options.port ?? 0, host, () => (http.address() as AddressInfo).port);
    closers.push(() => closeHttp(http));
    const tcpPort = await listen(tcp.server, 'tcp', options.tcpPort ?? 0, host, () => (tcp.server.address() as AddressInfo).port);
    closers.push(() => new Promise((resolve) => tcp.server.close(() => resolve())));
    const smtpPort = await listen(smtp.server, 'smtp', options.smtpPort ?? 0, host, () => (smtp.server.address() as AddressInfo).port);
    closers.push(() => new Promise((resolve) => smtp.close(() => resolve())));
    smtp.on('error', (error) => console.error(`network-simulator: smtp: ${error.message}`));
    const urlHost = host.includes(':') ? `[${host}]` : host;
    return { url: `http://${urlHost}:${port}`, port, tcpPort, smtpPort, state, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function listen(server: Listenable, listener: ListenerName, port: number, host: string, actualPort: () => number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'is in use' : `cannot be opened (${error.code ?? error.message})`;
      reject(new ListenError(listener, host, port, error.code, `${listener} port ${port} on ${host} ${why}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.removeListener('error', onError);
      resolve(actualPort());
    });
  });
}

function closeHttp(server: ReturnType<typeof createServer>): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
