import { Module } from '@nestjs/common';
import { EventsController, TestRunController } from './events.controller';
import { EventsService } from './events.service';
import { IntakeStarter } from './intake-starter';

@Module({ controllers: [EventsController, TestRunController], providers: [EventsService, IntakeStarter] })
export class EventsModule {}
