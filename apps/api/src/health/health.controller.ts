import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../common/public.decorator';
import { TemporalService } from '../temporal/temporal.service';

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: TemporalService,
  ) {}

  /** 200 when every dependency answers, 503 (same shape) when one does not. */
  @Get()
  @Public()
  async health(@Res({ passthrough: true }) res: Response) {
    const [database, temporalUp] = await Promise.all([this.database(), this.temporal.ping()]);
    const ok = database.status === 'up' && temporalUp;
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', checks: { database, temporal: { status: temporalUp ? 'up' : 'down', ...this.temporal.mode() } } };
  }

  private async database(): Promise<{ status: 'up' | 'down'; latencyMs?: number }> {
    const started = performance.now();
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'up', latencyMs: Math.round((performance.now() - started) * 10) / 10 };
    } catch {
      return { status: 'down' };
    }
  }
}
