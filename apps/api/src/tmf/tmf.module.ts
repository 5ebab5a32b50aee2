import { Module } from '@nestjs/common';
import { HubService } from './hub.service';
import { ServiceOrderController } from './service-order.controller';
import { ServiceOrderService } from './service-order.service';
import { TmfHubOpsController, TmfMappingsController } from './tmf-ops.controller';
import { TmfMappingsService } from './tmf-mappings.service';

@Module({ controllers: [ServiceOrderController, TmfMappingsController, TmfHubOpsController], providers: [ServiceOrderService, HubService, TmfMappingsService] })
export class TmfModule {}
