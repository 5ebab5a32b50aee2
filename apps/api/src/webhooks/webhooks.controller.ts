import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { WebhookSubscriptionCreate } from '@signalbox/domain';
import { Requires, type Principal } from '../auth/permissions';
import { actorOf, Caller } from '../auth/principal.decorator';
import { openApiSchema } from '../common/openapi-schema';
import { ZodSchema } from '../common/zod-schema.decorator';
import { WebhooksService } from './webhooks.service';

@ZodSchema(
  z.strictObject({
    status: z.enum(['pending', 'delivered', 'dead', 'dropped'], { error: 'must be pending, delivered, dead or dropped' }).optional(),
    limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(500, { error: 'must be at most 500' }).default(100),
  }),
  'WebhookDeliveriesQuery',
)
class DeliveriesQuery {
  status?: 'pending' | 'delivered' | 'dead' | 'dropped';
  limit!: number;
}

/** Signalbox-native webhooks: admins manage subscriptions; operators see deliveries and re-drive dead letters. */
@ApiTags('subscriptions')
@ApiBearerAuth()
@Controller('api/subscriptions')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** 201 with the subscription and, this once, the secret its webhooks are signed with. */
  @Post()
  @Requires('subscribe')
  @ApiBody({ schema: openApiSchema(WebhookSubscriptionCreate) })
  create(@Body() body: unknown, @Caller() caller: Principal, @Req() req: Request) {
    return this.webhooks.create(body, actorOf(caller), req.get('host'));
  }

  @Get()
  @Requires('webhookOps')
  list() {
    return this.webhooks.list();
  }

  @Get(':id')
  @Requires('webhookOps')
  get(@Param('id') id: string) {
    return this.webhooks.get(id);
  }

  @Delete(':id')
  @Requires('subscribe')
  @HttpCode(204)
  async remove(@Param('id') id: string): Promise<void> {
    await this.webhooks.remove(id);
  }

  /** The delivery log, latest first; `status=dead` is the dead-letter list. */
  @Get(':id/deliveries')
  @Requires('webhookOps')
  deliveries(@Param('id') id: string, @Query() query: DeliveriesQuery) {
    return this.webhooks.deliveries(id, query);
  }

  @Post(':id/deliveries/:deliveryId/redrive')
  @Requires('webhookOps')
  @HttpCode(202)
  redrive(@Param('id') id: string, @Param('deliveryId') deliveryId: string) {
    return this.webhooks.redrive(id, deliveryId);
  }
}
