import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Requires } from '../auth/permissions';
import { ScopedToProvider } from '../auth/provider-scope';
import { OrderResponseDto, ServiceOrderQueryDto } from './dto';
import { ServiceOrdersService } from './service-orders.service';
import { ServiceOrderViewResponse, type ServiceOrderView } from './service-order.view';

@ApiTags('service-orders')
@ApiBearerAuth()
@Controller('api/service-orders')
export class ServiceOrdersController {
  constructor(private readonly orders: ServiceOrdersService) {}

  @Get()
  list(@Query() query: ServiceOrderQueryDto) {
    const { page, pageSize, serviceId, provider, ...rest } = query;
    return this.orders.list({ ...rest, serviceKey: serviceId, providerCode: provider }, page, pageSize);
  }

  @Get(':id')
  @ServiceOrderViewResponse()
  get(@Param('id') id: string): Promise<ServiceOrderView> {
    return this.orders.get(id);
  }

  /**
   * 202 recorded and signalled (a repeat while the order is open is signalled again: `redelivered`);
   * 200 a duplicate of the answer the order was settled with (no-op); 409 the order is closed.
   */
  @Post(':id/response')
  @Requires('respond')
  @ScopedToProvider('service-order')
  async respond(@Param('id') id: string, @Body() body: OrderResponseDto, @Res({ passthrough: true }) res: Response) {
    const outcome = await this.orders.respond(id, body);
    res.status(outcome.status);
    return outcome.body;
  }
}
