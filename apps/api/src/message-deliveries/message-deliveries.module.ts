import { Module } from '@nestjs/common';
import { MessageDeliveriesController } from './message-deliveries.controller';
import { MessageDeliveriesService } from './message-deliveries.service';

@Module({ controllers: [MessageDeliveriesController], providers: [MessageDeliveriesService] })
export class MessageDeliveriesModule {}
