export const TEMPORAL_CLI_VERSION: string;

export interface DevServer {
  address: string;
  namespace: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

export function startDevServer(options: {
  binary: string;
  ip?: string;
  port?: number;
  uiPort?: number;
  headless?: boolean;
  dbFile?: string;
  namespace?: string;
  onOutput?: (text: string) => void;
  readyTimeoutMs?: number;
}): Promise<DevServer>;

export function ensureTemporalBinary(options?: { log?: (message: string) => void; allowBuild?: boolean }): Promise<string>;
