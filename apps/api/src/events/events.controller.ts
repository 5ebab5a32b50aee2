import { Body, Controller, Get, HttpCode, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Requires } from '../auth/permissions';
import { RateLimited } from '../auth/rate-limit';
import { RawJsonBody } from '../common/raw-json-body';
import { EventsMetricsInterceptor } from '../metrics/events-metrics.interceptor';
import { RaiseBatchDto, RaiseEventDto, TestRunDto } from './dto';
import { EventsService } from './events.service';

@ApiTags('events')
@ApiBearerAuth()
@Controller('api/events')
@UseInterceptors(EventsMetricsInterceptor)
export class EventsController {
  constructor(private readonly events: EventsService) {}

  /** 202 { runs }: started=false when the idempotency key already had a run. */
  @Post()
  @HttpCode(202)
  @Requires('operate')
  raise(@Body() body: RaiseEventDto) {
    return this.events.raise(body);
  }

  /**
   * All or nothing: one invalid event → 422 naming it, and no run is started. Valid: every run is
   * accepted (written to the intake outbox) before the 202 and started right after, by this or
   * another API process, also across a Temporal outage; each run says `queued` or `duplicate`.
   */
  @Post('batch')
  @HttpCode(202)
  @Requires('operate')
  @RateLimited()
  @ApiBody({ type: RaiseBatchDto })
  raiseBatch(@RawJsonBody() body: Uint8Array | undefined) {
    return this.events.raiseBatchBody(body);
  }

  /** Whether an accepted batch raise's run has started: queued (attempts, next try, last error), started, duplicate or refused. */
  @Get('intake/:runId')
  intakeStatus(@Param('runId') runId: string) {
    return this.events.intakeStatus(runId);
  }
}

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('api/workflows')
export class TestRunController {
  constructor(private readonly events: EventsService) {}

  /** Runs the draft against the simulator, tagged IsTest. */
  @Post(':eventCode/test-run')
  @HttpCode(202)
  @Requires('edit')
  @RateLimited()
  testRun(@Param('eventCode') eventCode: string, @Body() body: TestRunDto) {
    return this.events.testRun(eventCode, body.subject, body.data);
  }
}
