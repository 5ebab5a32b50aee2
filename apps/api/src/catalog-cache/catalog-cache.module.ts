import { Global, Module } from '@nestjs/common';
import { CatalogCache } from './catalog-cache';
import { RevisionProbe } from './revision-probe';

/** The per-revision catalog cache, shared by the catalog reads and event intake, and the revision reads behind it and the key checks. */
@Global()
@Module({ providers: [CatalogCache, RevisionProbe], exports: [CatalogCache, RevisionProbe] })
export class CatalogCacheModule {}
