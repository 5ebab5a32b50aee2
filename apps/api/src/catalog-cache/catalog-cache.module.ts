import { Global, Module } from '@nestjs/common';
import { CatalogCache } from './catalog-cache';

/** The per-revision catalog cache, shared by the catalog reads and event intake. */
@Global()
@Module({ providers: [CatalogCache], exports: [CatalogCache] })
export class CatalogCacheModule {}
