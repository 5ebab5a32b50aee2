import { Module } from '@nestjs/common';
import { EventsController, TestRunController } from './events.controller';
import { EventsService } from './events.service';

@Module({ controllers: [EventsController, TestRunController], providers: [EventsService] })
export class EventsModule {}
