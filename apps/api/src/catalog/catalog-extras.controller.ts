import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Code, Locale, Subject, actionTypeDescriptors, type InboundEvent } from '@signalbox/domain';
import { Requires, type Principal } from '../auth/permissions';
import { RateLimited } from '../auth/rate-limit';
import { actorOf, Caller } from '../auth/principal.decorator';
import { notFound } from '../common/api-error';
import { ZodSchema } from '../common/zod-schema.decorator';
import { CatalogService } from './catalog.service';
import { TemplatePreviewService } from './template-preview.service';

@ZodSchema(z.strictObject({ subscriptions: z.array(Code) }))
export class SubscriptionsDto {
  subscriptions!: string[];
}

@ZodSchema(
  z.strictObject({
    locale: Locale.optional(),
    subject: Subject.optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
)
export class TemplatePreviewDto {
  locale?: string;
  subject?: Subject;
  data?: Record<string, unknown>;
}

/** The subscriptions matrix: rows are inbound event names, columns event codes. */
@ApiTags('inbound-events')
@ApiBearerAuth()
@Controller('api/inbound-events')
export class InboundMatrixController {
  constructor(private readonly catalog: CatalogService) {}

  @Get('matrix')
  async matrix() {
    const all = { page: 1, pageSize: 10_000, sort: 'code', order: 'asc' } as const;
    const inbound = (await this.catalog.list('inbound-events', all)).items as InboundEvent[];
    const codes = (await this.catalog.list('event-codes', all)).items as { code: string }[];
    return {
      inboundNames: inbound.map((i) => i.name),
      eventCodes: codes.map((c) => c.code),
      cells: inbound.flatMap((i) => i.subscriptions.map((code) => [i.name, code])),
    };
  }

  @Put(':name/subscriptions')
  @Requires('edit')
  async subscriptions(@Param('name') name: string, @Body() body: SubscriptionsDto, @Caller() caller: Principal) {
    const current = (await this.catalog.get('inbound-events', name)) as InboundEvent;
    return this.catalog.replace('inbound-events', name, { ...current, subscriptions: body.subscriptions }, actorOf(caller));
  }
}

@ApiTags('providers')
@ApiBearerAuth()
@Controller('api/providers')
export class ProviderStateController {
  constructor(private readonly catalog: CatalogService) {}

  @Post(':code/effective')
  @Requires('admin')
  @HttpCode(200)
  effective(@Param('code') code: string, @Caller() caller: Principal) {
    return this.catalog.setProviderState(code, 'effective', actorOf(caller));
  }

  @Post(':code/inactive')
  @Requires('admin')
  @HttpCode(200)
  inactive(@Param('code') code: string, @Caller() caller: Principal) {
    return this.catalog.setProviderState(code, 'inactive', actorOf(caller));
  }
}

@ApiTags('templates')
@ApiBearerAuth()
@Controller('api/templates')
export class TemplatePreviewController {
  constructor(private readonly preview: TemplatePreviewService) {}

  /** Renders the template with sample data (or the data given). */
  @Post(':code/preview')
  @Requires('edit')
  @RateLimited()
  @HttpCode(200)
  render(@Param('code') code: string, @Body() body: TemplatePreviewDto) {
    return this.preview.render(code, body);
  }
}

@ApiTags('action-types')
@ApiBearerAuth()
@Controller('api/action-types')
export class ActionTypesController {
  @Get()
  list() {
    const items = actionTypeDescriptors();
    return { items, total: items.length, page: 1, pageSize: items.length };
  }

  @Get(':key')
  get(@Param('key') key: string) {
    const found = actionTypeDescriptors().find((d) => d.key === key);
    if (!found) throw notFound('action type', key);
    return found;
  }
}


