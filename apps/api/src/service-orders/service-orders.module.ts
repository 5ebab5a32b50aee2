import { Module } from '@nestjs/common';
import { ServiceOrdersController } from './service-orders.controller';
import { ServiceOrdersService } from './service-orders.service';

@Module({ controllers: [ServiceOrdersController], providers: [ServiceOrdersService], exports: [ServiceOrdersService] })
export class ServiceOrdersModule {}
