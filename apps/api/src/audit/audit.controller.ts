import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { allows } from '@signalbox/domain';
import type { Principal } from '../auth/permissions';
import { Caller } from '../auth/principal.decorator';
import { listQueryShape } from '../common/list-query';
import { ZodSchema } from '../common/zod-schema.decorator';
import { AuditService } from './audit.service';

@ZodSchema(
  z.strictObject({
    page: listQueryShape.page,
    pageSize: listQueryShape.pageSize,
    kind: z.string().max(64).optional(),
    code: z.string().max(200).optional(),
    actor: z.string().max(200).optional(),
    action: z.string().max(64).optional(),
  }),
)
export class AuditQueryDto {
  page!: number;
  pageSize!: number;
  kind?: string;
  code?: string;
  actor?: string;
  action?: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Entries about API keys are for admins: other roles do not see which keys exist. */
  @Get()
  list(@Query() query: AuditQueryDto, @Caller() caller: Principal) {
    return this.audit.list({ ...query, includeKeys: allows(caller.role, 'admin') });
  }
}
