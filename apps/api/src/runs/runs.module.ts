import { Module } from '@nestjs/common';
import { RunsController } from './runs.controller';
import { RunStopper } from './run-stopper';
import { RunsService } from './runs.service';

@Module({ controllers: [RunsController], providers: [RunsService, RunStopper], exports: [RunsService] })
export class RunsModule {}
