export interface KeyPair {
  /** PEM certificate file. */
  cert: string;
  /** PEM private key file. */
  key: string;
}

export interface TestPki {
  serverName: string;
  /** The CA certificate that signed `server` and `client`. */
  ca: string;
  server: KeyPair;
  client: KeyPair;
  /** Signed by a CA the forwarder does not trust. */
  stranger: KeyPair;
}

export function createTestPki(dir: string, options?: { serverName?: string }): TestPki;

export interface TlsForwarder {
  /** 127.0.0.1:<port> */
  address: string;
  counts: { accepted: number; refused: number };
  stop(): Promise<void>;
}

export function startTlsForwarder(options: { target: string; cert: string; key: string; ca: string; port?: number }): Promise<TlsForwarder>;
