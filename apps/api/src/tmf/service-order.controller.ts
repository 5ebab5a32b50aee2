import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { TmfCancelServiceOrderCreate, TmfServiceOrderCreate, TmfServiceOrderPatch } from '@signalbox/domain';
import { Requires, type Principal } from '../auth/permissions';
import { actorOf, Caller } from '../auth/principal.decorator';
import { RateLimited } from '../auth/rate-limit';
import { openApiSchema } from '../common/openapi-schema';
import { ZodSchema } from '../common/zod-schema.decorator';
import { HubCreate as HubCreateSchema, HubService } from './hub.service';
import { ServiceOrderService } from './service-order.service';
import { TmfErrorFilter } from './tmf-error.filter';
import { TmfCancelListQuery, TmfFieldsQuery, TmfOrderListQuery, type TmfCancelListQuery as CancelListQuery, type TmfOrderListQuery as ListQuery } from './tmf-list-query';

@ZodSchema(TmfOrderListQuery, 'TmfServiceOrderListQuery')
class TmfListQueryDto {}
@ZodSchema(TmfCancelListQuery, 'TmfCancelServiceOrderListQuery')
class TmfCancelListQueryDto {}
@ZodSchema(TmfFieldsQuery, 'TmfFieldsQuery')
class TmfFieldsQueryDto {
  fields?: string;
}

/** Absolute base of this API as the caller reached it, for TMF's href. */
const baseOf = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

/** TMF630 paging: X-Total-Count is what matches the filters, X-Result-Count what this answer holds. */
function paged<T>(res: Response, page: { items: T[]; total: number }): T[] {
  res.setHeader('X-Total-Count', String(page.total));
  res.setHeader('X-Result-Count', String(page.items.length));
  return page.items;
}

/** TMF641 v4 Service Ordering: serviceOrder and cancelServiceOrder (TMF630 errors, paging and projection). */
@ApiTags('tmf641')
@ApiBearerAuth()
@Controller('tmf-api/serviceOrdering/v4')
@UseFilters(TmfErrorFilter)
export class ServiceOrderController {
  constructor(
    private readonly orders: ServiceOrderService,
    private readonly hub: HubService,
  ) {}

  /** 201 with the order (state acknowledged); 422 naming each item and field that cannot run, and nothing started. */
  @Post('serviceOrder')
  @Requires('integrate')
  @RateLimited('integration')
  @ApiBody({ schema: openApiSchema(TmfServiceOrderCreate) })
  create(@Body() body: unknown, @Caller() caller: Principal, @Req() req: Request) {
    return this.orders.create(body, actorOf(caller), baseOf(req));
  }

  /** X-Total-Count: orders matching the filters; X-Result-Count: orders in this answer. */
  @Get('serviceOrder')
  @Requires('integrate')
  @RateLimited('integration')
  async list(@Query() query: TmfListQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return paged(res, await this.orders.list(query as ListQuery, baseOf(req)));
  }

  @Get('serviceOrder/:id')
  @Requires('integrate')
  @RateLimited('integration')
  get(@Param('id') id: string, @Query() query: TmfFieldsQueryDto, @Req() req: Request) {
    return this.orders.get(id, query.fields, baseOf(req));
  }

  @Patch('serviceOrder/:id')
  @Requires('integrate')
  @RateLimited('integration')
  @ApiBody({ schema: openApiSchema(TmfServiceOrderPatch) })
  patch(@Param('id') id: string, @Body() body: unknown, @Req() req: Request) {
    return this.orders.patch(id, body, baseOf(req));
  }

  /** Only a final order may be deleted (409 otherwise: cancel it first). */
  @Delete('serviceOrder/:id')
  @Requires('integrate')
  @RateLimited('integration')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.orders.remove(id);
  }

  /** Cancels the order's open runs (with their compensation); the order ends cancelled. 201 with the CancelServiceOrder (inProgress). */
  @Post('cancelServiceOrder')
  @Requires('integrate')
  @RateLimited('integration')
  @ApiBody({ schema: openApiSchema(TmfCancelServiceOrderCreate) })
  cancel(@Body() body: unknown, @Req() req: Request) {
    return this.orders.cancel(body, baseOf(req));
  }

  /** Cancel requests, latest first: inProgress, then done (or terminatedWithError when the order ended otherwise first). */
  @Get('cancelServiceOrder')
  @Requires('integrate')
  @RateLimited('integration')
  async listCancels(@Query() query: TmfCancelListQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    return paged(res, await this.orders.listCancels(query as CancelListQuery, baseOf(req)));
  }

  @Get('cancelServiceOrder/:id')
  @Requires('integrate')
  @RateLimited('integration')
  getCancel(@Param('id') id: string, @Query() query: TmfFieldsQueryDto, @Req() req: Request) {
    return this.orders.getCancel(id, query.fields, baseOf(req));
  }

  /** Registers a listener: 201 with its id and, this once, the secret its notifications are signed with. */
  @Post('hub')
  @Requires('integrate')
  @RateLimited('integration')
  @ApiBody({ schema: openApiSchema(HubCreateSchema) })
  register(@Body() body: unknown, @Caller() caller: Principal, @Req() req: Request) {
    return this.hub.register(body, actorOf(caller), req.get('host'));
  }

  @Delete('hub/:id')
  @Requires('integrate')
  @RateLimited('integration')
  @HttpCode(204)
  async unregister(@Param('id') id: string): Promise<void> {
    await this.hub.unregister(id);
  }
}
