import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { ServiceSpecMapping } from '@signalbox/domain';
import { Requires, type Principal } from '../auth/permissions';
import { actorOf, Caller } from '../auth/principal.decorator';
import { openApiSchema } from '../common/openapi-schema';
import { ZodSchema } from '../common/zod-schema.decorator';
import { HubCreate, HubService } from './hub.service';
import { TmfMappingsService } from './tmf-mappings.service';

@ZodSchema(
  z.strictObject({
    status: z.enum(['pending', 'delivered', 'dead', 'dropped'], { error: 'must be pending, delivered, dead or dropped' }).optional(),
    subscriptionId: z.uuid({ error: 'must be a hub listener id' }).optional(),
    limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(500, { error: 'must be at most 500' }).default(100),
  }),
  'TmfDeliveriesQuery',
)
class DeliveriesQuery {
  status?: 'pending' | 'delivered' | 'dead' | 'dropped';
  subscriptionId?: string;
  limit!: number;
}

/** The TMF641 mappings, edited in the catalog like its other collections. */
@ApiTags('tmf-mappings')
@ApiBearerAuth()
@Controller('api/tmf-mappings')
export class TmfMappingsController {
  constructor(private readonly mappings: TmfMappingsService) {}

  @Get()
  list() {
    return this.mappings.list();
  }

  @Get(':code')
  get(@Param('code') code: string) {
    return this.mappings.get(code);
  }

  @Post()
  @Requires('edit')
  @ApiBody({ schema: openApiSchema(ServiceSpecMapping) })
  create(@Body() body: unknown, @Caller() caller: Principal) {
    return this.mappings.save(undefined, body, actorOf(caller));
  }

  @Put(':code')
  @Requires('edit')
  @ApiBody({ schema: openApiSchema(ServiceSpecMapping) })
  replace(@Param('code') code: string, @Body() body: unknown, @Caller() caller: Principal) {
    return this.mappings.save(code, body, actorOf(caller));
  }

  @Delete(':code')
  @Requires('edit')
  @HttpCode(204)
  async remove(@Param('code') code: string, @Caller() caller: Principal): Promise<void> {
    await this.mappings.remove(code, actorOf(caller));
  }
}

/** Ops' view of hub notifications: the delivery log, the dead-letter list (status=dead) and re-drive. */
@ApiTags('tmf-hub')
@ApiBearerAuth()
@Controller('api/tmf-hub')
export class TmfHubOpsController {
  constructor(private readonly hub: HubService) {}

  @Get('deliveries')
  @Requires('read')
  deliveries(@Query() query: DeliveriesQuery) {
    return this.hub.deliveries(query);
  }

  /** The hub's listeners, for ops and the designer (TMF641 itself has no list route); never their secrets. */
  @Get('listeners')
  @Requires('webhookOps')
  listeners() {
    return this.hub.listeners();
  }

  /** The designer's way to register a listener for an upstream system (the same as TMF's POST /hub). */
  @Post('listeners')
  @Requires('subscribe')
  @ApiBody({ schema: openApiSchema(HubCreate) })
  register(@Body() body: unknown, @Caller() caller: Principal, @Req() req: Request) {
    return this.hub.register(body, actorOf(caller), req.get('host'));
  }

  @Delete('listeners/:id')
  @Requires('subscribe')
  @HttpCode(204)
  async unregister(@Param('id') id: string): Promise<void> {
    await this.hub.unregister(id);
  }

  @Post('deliveries/:id/redrive')
  @Requires('operate')
  @HttpCode(202)
  redrive(@Param('id') id: string) {
    return this.hub.redrive(id);
  }
}
