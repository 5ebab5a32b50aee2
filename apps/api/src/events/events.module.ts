import { Module } from '@nestjs/common';
import { EventsController, TestRunController } from './events.controller';
import { EventsService } from './events.service';
import { IntakeStarter } from './intake-starter';
import { StepRunController } from './step-run.controller';
import { StepRunService } from './step-run.service';

@Module({ controllers: [EventsController, TestRunController, StepRunController], providers: [EventsService, IntakeStarter, StepRunService] })
export class EventsModule {}
