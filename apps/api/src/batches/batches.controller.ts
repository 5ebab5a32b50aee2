import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CreateBatch } from '@signalbox/contracts';
import { Requires, type Principal } from '../auth/permissions';
import { actorOf, Caller } from '../auth/principal.decorator';
import { RateLimited } from '../auth/rate-limit';
import { ZodSchema } from '../common/zod-schema.decorator';
import { BatchesService } from './batches.service';

@ZodSchema(CreateBatch)
export class CreateBatchDto {}

@ZodSchema(z.strictObject({ limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(100, { error: 'must be at most 100' }).default(20) }))
export class ExecutionsQueryDto {
  limit!: number;
}

@ApiTags('batches')
@ApiBearerAuth()
@Controller('api/batches')
export class BatchesController {
  constructor(private readonly batches: BatchesService) {}

  /** A batch definition and its Temporal Schedule; a CSV with a bad line is 422 naming each line, and nothing is created. */
  @Post()
  @Requires('operate')
  @RateLimited()
  create(@Body() body: CreateBatchDto, @Caller() caller: Principal) {
    return this.batches.create(body as CreateBatch, actorOf(caller));
  }

  @Get()
  @Requires('read')
  list() {
    return this.batches.list();
  }

  @Get(':code')
  @Requires('read')
  get(@Param('code') code: string) {
    return this.batches.get(code);
  }

  /** The run log: one entry per execution, newest first. */
  @Get(':code/executions')
  @Requires('read')
  executions(@Param('code') code: string, @Query() query: ExecutionsQueryDto) {
    return this.batches.executions(code, query.limit);
  }

  @Post(':code/pause')
  @Requires('operate')
  @HttpCode(200)
  pause(@Param('code') code: string, @Caller() caller: Principal) {
    return this.batches.pause(code, actorOf(caller));
  }

  @Post(':code/resume')
  @Requires('operate')
  @HttpCode(200)
  resume(@Param('code') code: string, @Caller() caller: Principal) {
    return this.batches.resume(code, actorOf(caller));
  }

  /** Runs an execution now (skipped while one is still running). */
  @Post(':code/trigger')
  @Requires('operate')
  @HttpCode(202)
  trigger(@Param('code') code: string, @Caller() caller: Principal) {
    return this.batches.trigger(code, actorOf(caller));
  }

  @Delete(':code')
  @Requires('operate')
  @HttpCode(204)
  async remove(@Param('code') code: string, @Caller() caller: Principal): Promise<void> {
    await this.batches.remove(code, actorOf(caller));
  }
}
