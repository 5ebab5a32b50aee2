import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RECONCILIATION_LIMITS, StartReconciliation } from '@signalbox/contracts';
import { Requires, type Principal } from '../auth/permissions';
import { actorOf, Caller } from '../auth/principal.decorator';
import { validationFailed } from '../common/api-error';
import { ZodSchema } from '../common/zod-schema.decorator';
import { ReconciliationsService } from './reconciliations.service';

@ZodSchema(StartReconciliation)
export class StartReconciliationDto {}

const VERDICTS = ['in-sync', 'differs', 'missing-at-provider', 'missing-in-signalbox', 'unreadable'] as const;

@ZodSchema(
  z.strictObject({
    verdict: z.enum(VERDICTS, { error: `must be one of ${VERDICTS.join(', ')}` }).optional(),
    /** Lines after this subject key (the last one of the previous page). */
    after: z.string().min(1).max(128).optional(),
    limit: z.coerce
      .number({ error: 'must be a number' })
      .int()
      .min(1)
      .max(RECONCILIATION_LIMITS.maxLinesPerPage, { error: `must be at most ${RECONCILIATION_LIMITS.maxLinesPerPage}` })
      .default(100),
  }),
)
export class ReconciliationLinesQueryDto {
  verdict?: (typeof VERDICTS)[number];
  after?: string;
  limit!: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

@ApiTags('reconciliations')
@ApiBearerAuth()
@Controller('api/reconciliations')
export class ReconciliationsController {
  constructor(private readonly reconciliations: ReconciliationsService) {}

  /** Compares a provider's state with Signalbox's provisioning status; unless `dryRun`, sends the orders that bring it back (202). */
  @Post()
  @HttpCode(202)
  @Requires('operate')
  start(@Body() body: StartReconciliationDto, @Caller() caller: Principal) {
    return this.reconciliations.start(body as StartReconciliation, actorOf(caller));
  }

  @Get()
  @Requires('read')
  list() {
    return this.reconciliations.list();
  }

  /** Progress, counts and a page of the per-subject report (readable while it runs). */
  @Get(':id')
  @Requires('read')
  get(@Param('id') id: string, @Query() query: ReconciliationLinesQueryDto) {
    if (!UUID.test(id)) throw validationFailed([{ path: 'id', message: 'must be the id a reconciliation was started with' }]);
    return this.reconciliations.get(id, query);
  }
}
