import { Global, Module } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { TemporalService } from './temporal.service';

/** TemporalService and its Client everywhere; the runtime modules (events, runs, service orders) build on them. */
@Global()
@Module({
  providers: [TemporalService, { provide: Client, useFactory: (t: TemporalService) => t.client(), inject: [TemporalService] }],
  exports: [TemporalService, Client],
})
export class TemporalModule {}
