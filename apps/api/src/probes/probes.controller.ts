import { Body, Controller, Delete, Get, HttpCode, Param, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProbeDefinition } from '@signalbox/contracts';
import { Requires, type Principal } from '../auth/permissions';
import { actorOf, Caller } from '../auth/principal.decorator';
import { ZodSchema } from '../common/zod-schema.decorator';
import { ProbesService } from './probes.service';

@ZodSchema(ProbeDefinition)
export class ProbeDefinitionDto {}

@ApiTags('probes')
@ApiBearerAuth()
@Controller('api/probes')
export class ProbesController {
  constructor(private readonly probes: ProbesService) {}

  @Get()
  @Requires('read')
  async list() {
    return { items: await this.probes.list() };
  }

  @Get(':code')
  @Requires('read')
  get(@Param('code') code: string) {
    return this.probes.get(code);
  }

  /** Creates (201) or replaces (200) a probe; operators and admins tune thresholds here. */
  @Put(':code')
  @Requires('operate')
  async put(@Param('code') code: string, @Body() body: ProbeDefinitionDto, @Caller() caller: Principal, @Res({ passthrough: true }) res: Response) {
    const { created, probe } = await this.probes.put(code, body as ProbeDefinition, actorOf(caller));
    res.status(created ? 201 : 200);
    return probe;
  }

  @Delete(':code')
  @Requires('operate')
  @HttpCode(204)
  async remove(@Param('code') code: string, @Caller() caller: Principal): Promise<void> {
    await this.probes.remove(code, actorOf(caller));
  }
}

@ApiTags('health')
@ApiBearerAuth()
@Controller('api/health')
export class HealthProbesController {
  constructor(private readonly probes: ProbesService) {}

  /** Every probe with its state; `status` is `tripped` when any enabled probe is. */
  @Get('probes')
  @Requires('read')
  async probesHealth() {
    const items = await this.probes.list();
    const tripped = items.filter((p) => p.definition.enabled && p.state === 'tripped').map((p) => p.code);
    return { status: tripped.length ? 'tripped' : 'ok', tripped, probes: items };
  }
}
