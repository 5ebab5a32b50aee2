// Types for the parts of stack.mjs that TypeScript tests use.
export const DEFAULT_PG_URL: string;

/** Drops the three databases of a stack started with `dbPrefix` (tests, also after a failed start). */
export function dropClusterDatabases(pgUrl: string, dbPrefix: string): Promise<void>;

export interface ClusterStack {
  /** The round-robin balancer in front of the API processes. */
  apiUrl: string;
  apiUrls: string[];
  simulatorUrl: string;
  designerUrl?: string;
  /** The Temporal Web UI (unless started with ui: false). */
  temporalUiUrl?: string;
  adminKey: string;
  temporal: { address: string; namespace: string; cli: string; version: string };
  databases: { temporal: string; visibility: string; signalbox: string };
  balancer: { url: string; stats: { requests: number; retried: number; unavailable: number; perUpstream: Record<string, number> } };
  processes(): { name: string; pid?: number; restarts: number }[];
  /** SIGKILLs worker `i % workers` and resolves once its supervisor has a new one ready. */
  killWorker(i: number): Promise<{ killedPid: number; newPid: number }>;
  /** SIGKILLs API `i % apis` and resolves once its supervisor has a new one ready. */
  killApi(i: number): Promise<{ killedPid: number; newPid: number }>;
  /** SIGTERMs the Temporal server and resolves once it serves again. */
  restartTemporal(): Promise<void>;
  stop(): Promise<void>;
  /** Stops the stack and drops its databases. */
  destroy(): Promise<void>;
}

export function startClusterStack(options: {
  pgUrl?: string;
  /** Prefix of the three database names (tests: a random one). */
  dbPrefix?: string;
  dataDir: string;
  apis?: number;
  workers?: number;
  designer?: boolean;
  /** Start the Temporal Web UI (default true). */
  ui?: boolean;
  namespace?: string;
  taskQueue?: string;
  ports?: { api?: number; designer?: number; temporal?: number; temporalUi?: number };
  log?: (line: string) => void;
  warn?: (line: string) => void;
  /** Each output line of each process (default: the terminal, prefixed). */
  onLine?: (name: string, line: string) => void;
  apiEnv?: Record<string, string>;
  workerEnv?: Record<string, string>;
}): Promise<ClusterStack>;
