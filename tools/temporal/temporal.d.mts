// Types for the parts of temporal.mjs that TypeScript tests use.
export const TEMPORAL_CLI_VERSION: string;

export interface DevServer {
  /** host:port of the frontend. */
  address: string;
  namespace: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

export function ensureTemporalBinary(options?: { log?: (message: string) => void; allowBuild?: boolean }): Promise<string>;

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
  /** More `temporal server start-dev` arguments, e.g. dynamic config values. */
  extraArgs?: string[];
}): Promise<DevServer>;

/** Signalbox's custom search attributes (libs/contracts/search-attributes.json): name → type. */
export function searchAttributes(): Record<string, string>;
