import { Module } from '@nestjs/common';
import { RunsController } from './runs.controller';
import { PageTokens } from './page-token';
import { RunStopper } from './run-stopper';
import { RunsService } from './runs.service';
import { IncidentsService } from './incidents.service';
import { RunAudit } from './run-audit';
import { BulkController } from './bulk.controller';
import { BulkService } from './bulk.service';

@Module({ controllers: [BulkController, RunsController], providers: [RunsService, PageTokens, RunStopper, IncidentsService, RunAudit, BulkService], exports: [RunsService] })
export class RunsModule {}
