import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEMO_PROVIDER_AUTH } from '@signalbox/contracts';
import { demoCatalog, type CatalogDocument } from '@signalbox/domain';
import { CatalogDocumentService, type ImportChange } from '../catalog-document/catalog-document.service';

/** Loads the demo MVNO catalog (providers pointing at the network simulator). */
@Injectable()
export class DemoLoaderService {
  private readonly logger = new Logger(DemoLoaderService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly documents: CatalogDocumentService,
  ) {}

  async isCatalogEmpty(): Promise<boolean> {
    const [row] = await this.dataSource.query(`SELECT (SELECT count(*) FROM event_types) + (SELECT count(*) FROM event_codes) + (SELECT count(*) FROM providers) AS n`);
    return Number(row.n) === 0;
  }

  async load(simulatorUrl: string): Promise<ImportChange[]> {
    const { changes } = await this.documents.import(withDemoCredentials(demoCatalog(simulatorUrl)), false, 'system (demo catalog)');
    const created = changes.filter((c) => c.change === 'create').length;
    const updated = changes.filter((c) => c.change === 'update').length;
    this.logger.log(`demo catalog loaded (simulator ${simulatorUrl}): ${created} created, ${updated} updated`);
    return changes;
  }

  /** SIGNALBOX_DEMO_CATALOG=auto: only into an empty catalog, never over someone's work. */
  async loadIfEmpty(simulatorUrl: string): Promise<boolean> {
    if (!(await this.isCatalogEmpty())) return false;
    await this.load(simulatorUrl);
    return true;
  }
}

/** The demo document carries no secrets (like any export); the demo's public signing key is added here. */
function withDemoCredentials(doc: CatalogDocument): CatalogDocument {
  const auth: Record<string, CatalogDocument['providers'][number]['auth']> = DEMO_PROVIDER_AUTH;
  return { ...doc, providers: doc.providers.map((p) => (auth[p.code] ? { ...p, auth: { ...auth[p.code] } } : p)) };
}
