import { Module } from '@nestjs/common';
import { RunsController } from './runs.controller';
import { PageTokens } from './page-token';
import { RunStopper } from './run-stopper';
import { RunsService } from './runs.service';

@Module({ controllers: [RunsController], providers: [RunsService, PageTokens, RunStopper], exports: [RunsService] })
export class RunsModule {}
