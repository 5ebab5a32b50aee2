import { Module } from '@nestjs/common';
import { CATALOG_KINDS } from '@signalbox/persistence';
import { ActionTypesController, InboundMatrixController, ProviderStateController, TemplatePreviewController } from './catalog-extras.controller';
import { catalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';
import { TemplatePreviewService } from './template-preview.service';

// The fixed routes (matrix, effective…) come before the generic `:code` ones.
@Module({
  controllers: [InboundMatrixController, ProviderStateController, TemplatePreviewController, ActionTypesController, ...CATALOG_KINDS.map(catalogController)],
  providers: [CatalogService, TemplatePreviewService],
  exports: [CatalogService],
})
export class CatalogModule {}
