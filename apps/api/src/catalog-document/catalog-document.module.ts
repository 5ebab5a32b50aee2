import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { CatalogDocumentController } from './catalog-document.controller';
import { CatalogDocumentService } from './catalog-document.service';

@Module({ imports: [CatalogModule], controllers: [CatalogDocumentController], providers: [CatalogDocumentService], exports: [CatalogDocumentService] })
export class CatalogDocumentModule {}
