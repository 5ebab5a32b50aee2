import { Module } from '@nestjs/common';
import { ServiceOrdersModule } from '../service-orders/service-orders.module';
import { FileInboxService } from './file-inbox.service';

@Module({ imports: [ServiceOrdersModule], providers: [FileInboxService] })
export class FileInboxModule {}
