// Types for the lead's plain-JS test infrastructure (tools/test/infra.mjs).
declare module '@signalbox/tools/infra' {
  export function startTemporal(options?: { dbFile?: string; reuse?: boolean }): Promise<{ address: string; namespace: string; binary: string; port?: number; stop(): Promise<void> }>;
  export function createTestDatabase(): Promise<{ url: string; kind: 'postgres' | 'embedded'; drop(): Promise<void> }>;
  export function freePort(): Promise<number>;
  export function repoRoot(): string;
  export function tmpDir(prefix?: string): string;
}
