import type { FrozenCatalog } from '@signalbox/domain';
import { FROZEN_CATALOG_KINDS, withoutSecrets, type SnapshotCatalog } from './version-snapshot';

export type FrozenCatalogKind = (typeof FROZEN_CATALOG_KINDS)[number];

/** One catalog entry whose frozen copy differs from another copy (live, or another version's). */
export interface CatalogEntryChange {
  kind: FrozenCatalogKind;
  code: string;
  change: 'added' | 'removed' | 'changed';
}

/** JSON with object keys sorted: jsonb reorders keys, so equal entries must compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * Entries that differ between two frozen catalogs (the version diff): `added` is in `to` only,
 * `removed` in `from` only. Sorted by kind, then code.
 */
export function diffFrozenCatalogs(from: FrozenCatalog, to: FrozenCatalog): CatalogEntryChange[] {
  const changes: CatalogEntryChange[] = [];
  for (const kind of FROZEN_CATALOG_KINDS) {
    const a: Record<string, unknown> = from[kind];
    const b: Record<string, unknown> = to[kind];
    for (const code of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      if (!(code in a)) changes.push({ kind, code, change: 'added' });
      else if (!(code in b)) changes.push({ kind, code, change: 'removed' });
      else if (canonical(a[code]) !== canonical(b[code])) changes.push({ kind, code, change: 'changed' });
    }
  }
  return changes;
}

/**
 * Entries a published version froze that the live catalog has since changed or deleted — what
 * "catalog changed since vN: publish to take it" lists. Providers compare without secrets and
 * endpoints, which stay live and never need a publish.
 */
export function catalogChangesSince(frozen: FrozenCatalog, live: SnapshotCatalog): CatalogEntryChange[] {
  const changes: CatalogEntryChange[] = [];
  for (const kind of FROZEN_CATALOG_KINDS) {
    const entries: Record<string, unknown> = frozen[kind];
    for (const code of Object.keys(entries).sort()) {
      const current = live[kind].get(code);
      if (current === undefined) changes.push({ kind, code, change: 'removed' });
      else if (canonical(comparable(kind, current)) !== canonical(comparable(kind, entries[code]))) changes.push({ kind, code, change: 'changed' });
    }
  }
  return changes;
}

function comparable(kind: FrozenCatalogKind, entry: unknown): unknown {
  if (kind !== 'providers') return entry;
  const { endpoints: _live, ...rest } = withoutSecrets(entry as Parameters<typeof withoutSecrets>[0]);
  return rest;
}
