import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Requires, type Principal } from '../auth/permissions';
import { actorOf, Caller } from '../auth/principal.decorator';
import { IncidentFailDto, IncidentRetryDto, IncidentSkipDto, RunQueryDto, RunSignalDto } from './dto';
import { IncidentsService } from './incidents.service';
import { RunAudit } from './run-audit';
import { RunsService } from './runs.service';
import { RunDetailResponse, RunPageResponse, type RunDetailView, type RunPageView } from './run.view';

@ApiTags('runs')
@ApiBearerAuth()
@Controller('api/runs')
export class RunsController {
  constructor(
    private readonly runs: RunsService,
    private readonly incidents: IncidentsService,
    private readonly audit: RunAudit,
  ) {}

  @Get()
  @RunPageResponse()
  list(@Query() query: RunQueryDto): Promise<RunPageView> {
    const { pageSize, pageToken, ...filter } = query;
    return this.runs.list(filter, pageSize, pageToken);
  }

  @Get(':runId')
  @RunDetailResponse()
  get(@Param('runId') runId: string): Promise<RunDetailView> {
    return this.runs.get(runId);
  }

  @Post(':runId/cancel')
  @HttpCode(202)
  @Requires('operate')
  async cancel(@Param('runId') runId: string, @Caller() caller: Principal) {
    const done = await this.runs.cancel(runId, actorOf(caller));
    await this.audit.record(actorOf(caller), 'cancel', runId);
    return done;
  }

  @Post(':runId/signal')
  @HttpCode(202)
  @Requires('operate')
  async signal(@Param('runId') runId: string, @Body() body: RunSignalDto, @Caller() caller: Principal) {
    const done = await this.runs.signal(runId, body);
    await this.audit.record(actorOf(caller), 'signal', runId, { name: body.name });
    return done;
  }

  @Post(':runId/incident/retry')
  @HttpCode(200)
  @Requires('operate')
  retryIncident(@Param('runId') runId: string, @Body() body: IncidentRetryDto, @Caller() caller: Principal) {
    return this.incidents.resolve(runId, { action: 'retry', ...body }, actorOf(caller));
  }

  @Post(':runId/incident/skip')
  @HttpCode(200)
  @Requires('operate')
  skipIncident(@Param('runId') runId: string, @Body() body: IncidentSkipDto, @Caller() caller: Principal) {
    return this.incidents.resolve(runId, { action: 'skip', ...body }, actorOf(caller));
  }

  @Post(':runId/incident/fail')
  @HttpCode(200)
  @Requires('operate')
  failIncident(@Param('runId') runId: string, @Body() body: IncidentFailDto, @Caller() caller: Principal) {
    return this.incidents.resolve(runId, { action: 'fail', ...body }, actorOf(caller));
  }
}
