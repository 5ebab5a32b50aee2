import type { CatalogEntryChange } from '@signalbox/contracts';

const KIND_LABEL: Record<CatalogEntryChange['kind'], string> = {
  actionCodes: 'action code',
  templates: 'template',
  providers: 'provider',
  serviceTypes: 'service type',
};

const describe = (c: CatalogEntryChange) => `${KIND_LABEL[c.kind]} ${c.code} ${c.change === 'removed' ? 'deleted' : c.change}`;

/**
 * A published version runs the catalog entries it froze when it was published: edits made since
 * reach runs only through a new publish. This says which entries moved on.
 */
export function CatalogChangedBanner({ since }: { since: { version: number; entries: CatalogEntryChange[] } }) {
  return (
    <div className="banner banner-warning" role="status" data-testid="catalog-changed">
      <strong>Catalog changed since v{since.version}: publish to take it.</strong> Runs still use the entries as v{since.version} froze them:{' '}
      {since.entries.map(describe).join(', ')}.
    </div>
  );
}

/** The frozen catalog entries that differ between the two sides of a version diff. */
export function CatalogDiffBanner({ changes }: { changes: CatalogEntryChange[] }) {
  if (changes.length === 0) return null;
  return (
    <div className="banner banner-info" data-testid="catalog-diff">
      Catalog entries that differ: {changes.map((c) => `${KIND_LABEL[c.kind]} ${c.code} ${c.change}`).join(', ')}.
    </div>
  );
}
