import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Requires, type Principal } from '../auth/permissions';
import { actorOf, Caller } from '../auth/principal.decorator';
import { RunQueryDto, RunSignalDto } from './dto';
import { RunsService } from './runs.service';
import { RunDetailResponse, RunPageResponse, type RunDetailView, type RunPageView } from './run.view';

@ApiTags('runs')
@ApiBearerAuth()
@Controller('api/runs')
export class RunsController {
  constructor(private readonly runs: RunsService) {}

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
  cancel(@Param('runId') runId: string, @Caller() caller: Principal) {
    return this.runs.cancel(runId, actorOf(caller));
  }

  @Post(':runId/signal')
  @HttpCode(202)
  @Requires('operate')
  signal(@Param('runId') runId: string, @Body() body: RunSignalDto) {
    return this.runs.signal(runId, body);
  }
}
