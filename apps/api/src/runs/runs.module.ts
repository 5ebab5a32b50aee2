import { Module } from '@nestjs/common';
import { RunsController } from './runs.controller';
import { PageTokens } from './page-token';
import { RunsService } from './runs.service';

@Module({ controllers: [RunsController], providers: [RunsService, PageTokens], exports: [RunsService] })
export class RunsModule {}
