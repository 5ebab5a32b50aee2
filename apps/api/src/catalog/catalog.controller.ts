import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res, type Type } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { CatalogKind } from '@signalbox/persistence';
import { Requires, type Principal } from '../auth/permissions';
import { actorOf, Caller } from '../auth/principal.decorator';
import { sendCachedJson } from '../catalog-cache/cached-json';
import { openApiSchema } from '../common/openapi-schema';
import { ZodSchema } from '../common/zod-schema.decorator';
import { catalogListQuerySchema } from './catalog-list-query';
import { CATALOG_KIND_SPECS } from './catalog-kinds';
import { CatalogService, type CatalogListQuery } from './catalog.service';

/**
 * One thin controller per collection, all alike: list, get, create, replace, delete, usages.
 * Bodies are parsed by CatalogService (providers first drop their `…Set` flags).
 */
export function catalogController(kind: CatalogKind): Type<unknown> {
  const spec = CATALOG_KIND_SPECS[kind];
  const bodySchema = openApiSchema(spec.schema);
  const querySchema = catalogListQuerySchema(kind);

  @ZodSchema(querySchema, `${spec.schemaName}ListQuery`)
  class ListQuery {}

  @ApiTags(kind)
  @ApiBearerAuth()
  @Controller(`api/${kind}`)
  class CatalogCollectionController {
    constructor(readonly catalog: CatalogService) {}

    @Get()
    async list(@Query() query: ListQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
      // Served from the catalog revision's cache: the list is read and serialised once per revision.
      const { revision, body } = await this.catalog.listJson(kind, query as CatalogListQuery);
      sendCachedJson(req, res, revision, body);
    }

    @Get(':code')
    get(@Param('code') code: string) {
      return this.catalog.get(kind, code);
    }

    @Get(':code/usages')
    usages(@Param('code') code: string) {
      return this.catalog.usages(kind, code);
    }

    @Post()
    @Requires(spec.writePermission)
    @ApiBody({ schema: bodySchema })
    create(@Body() body: unknown, @Caller() caller: Principal) {
      return this.catalog.create(kind, body, actorOf(caller));
    }

    @Put(':code')
    @Requires(spec.writePermission)
    @ApiBody({ schema: bodySchema })
    replace(@Param('code') code: string, @Body() body: unknown, @Caller() caller: Principal) {
      return this.catalog.replace(kind, code, body, actorOf(caller));
    }

    @Delete(':code')
    @Requires(spec.writePermission)
    @HttpCode(204)
    async remove(@Param('code') code: string, @Caller() caller: Principal): Promise<void> {
      await this.catalog.remove(kind, code, actorOf(caller));
    }
  }
  Object.defineProperty(CatalogCollectionController, 'name', { value: `${spec.schemaName}Controller` });
  return CatalogCollectionController;
}
