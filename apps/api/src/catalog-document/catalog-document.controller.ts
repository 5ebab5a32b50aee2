import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CatalogDocument } from '@signalbox/domain';
import { Requires, type Principal } from '../auth/permissions';
import { actorOf, Caller } from '../auth/principal.decorator';
import { openApiSchema } from '../common/openapi-schema';
import { RawJsonBody } from '../common/raw-json-body';
import { ZodSchema } from '../common/zod-schema.decorator';
import { CatalogDocumentService } from './catalog-document.service';

@ZodSchema(z.strictObject({ dryRun: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false').transform((v) => v === 'true') }))
export class ImportQueryDto {
  dryRun!: boolean;
}

@ApiTags('catalog')
@ApiBearerAuth()
@Controller('api/catalog')
export class CatalogDocumentController {
  constructor(private readonly documents: CatalogDocumentService) {}

  @Get('export')
  export() {
    return this.documents.export();
  }

  @Post('import')
  @Requires('admin')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(CatalogDocument) })
  import(@RawJsonBody() body: Uint8Array | undefined, @Query() query: ImportQueryDto, @Caller() caller: Principal) {
    return this.documents.importBody(body, query.dryRun, actorOf(caller));
  }
}
