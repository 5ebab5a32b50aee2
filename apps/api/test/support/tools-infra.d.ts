// Types for the lead's test infrastructure (tools/test/infra.mjs), until it ships its own.
declare module '@signalbox/tools/infra' {
  export function createTestDatabase(): Promise<{ url: string; kind: 'postgres' | 'pglite'; drop(): Promise<void> }>;
  export function startTemporal(options?: { dbFile?: string; reuse?: boolean }): Promise<{ address: string; namespace: string; uiUrl?: string; stop(): Promise<void> }>;
  export function freePort(host?: string): Promise<number>;
  export function repoRoot(): string;
  export function tmpDir(prefix?: string): string;
}
