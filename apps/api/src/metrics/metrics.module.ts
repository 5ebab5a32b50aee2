import { Global, Module } from '@nestjs/common';
import { EventsMetricsInterceptor } from './events-metrics.interceptor';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Global()
@Module({ controllers: [MetricsController], providers: [MetricsService, EventsMetricsInterceptor], exports: [MetricsService, EventsMetricsInterceptor] })
export class MetricsModule {}
