import { Module } from '@nestjs/common';
import { CatalogDocumentModule } from '../catalog-document/catalog-document.module';
import { DemoLoaderService } from './demo-loader.service';

@Module({ imports: [CatalogDocumentModule], providers: [DemoLoaderService], exports: [DemoLoaderService] })
export class DemoModule {}
