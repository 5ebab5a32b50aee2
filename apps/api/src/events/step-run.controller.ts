import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PinnedSample, type PinnedNodeResult, type Subject } from '@signalbox/domain';
import { Requires } from '../auth/permissions';
import { RateLimited } from '../auth/rate-limit';
import { ZodSchema } from '../common/zod-schema.decorator';
import { StepRunService } from './step-run.service';

@ZodSchema(PinnedSample)
export class StepRunDto {
  subject!: Subject;
  data!: Record<string, unknown>;
  nodes!: Record<string, PinnedNodeResult>;
}

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('api/workflows')
export class StepRunController {
  constructor(private readonly steps: StepRunService) {}

  /** Runs one action or message step of the draft with pinned input against the simulator, tagged IsTest. */
  @Post(':eventCode/steps/:nodeId/test-run')
  @HttpCode(202)
  @Requires('edit')
  @RateLimited()
  testRunStep(@Param('eventCode') eventCode: string, @Param('nodeId') nodeId: string, @Body() body: StepRunDto) {
    return this.steps.run(eventCode, nodeId, body);
  }
}
