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
  kind: 'postgres' | 'pglite';
  drop(): Promise<void>;
}

export function startTemporal(options?: { dbFile?: string; reuse?: boolean }): Promise<TemporalForTests>;
export function createTestDatabase(): Promise<TestDatabase>;
export function freePort(host?: string): Promise<number>;
export function repoRoot(): string;
export function tmpDir(prefix?: string): string;
