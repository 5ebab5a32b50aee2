import { Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/principal.decorator';
import { Requires, type Principal } from '../auth/permissions';
import { RawJsonBody } from '../common/raw-json-body';
import { DeliveryReportResponse, MessageDeliveryPageResponse, MessageDeliveryQueryDto } from './dto';
import { MessageDeliveriesService } from './message-deliveries.service';

@ApiTags('message-deliveries')
@ApiBearerAuth()
@Controller('api/message-deliveries')
export class MessageDeliveriesController {
  constructor(private readonly deliveries: MessageDeliveriesService) {}

  /** Messages runs sent (SMS, email, push, letters), newest first, with their delivery status. */
  @Get()
  @Requires('read')
  @MessageDeliveryPageResponse()
  list(@Query() query: MessageDeliveryQueryDto) {
    return this.deliveries.list(query);
  }

  /**
   * A message gateway's delivery report (DLR): `{ messageId, status: delivered | undeliverable |
   * failed, at?, reason? }`. Called with an agent key for the message's provider, and signed with
   * that provider's signature secret (X-Signature over the raw body, as providers' requests are).
   */
  @Post('reports')
  @HttpCode(200)
  @Requires('respond')
  @ApiBody({ schema: { type: 'object', required: ['messageId', 'status'], properties: { messageId: { type: 'string' }, status: { type: 'string', enum: ['delivered', 'undeliverable', 'failed'] }, at: { type: 'string' }, reason: { type: 'string' } } } })
  @DeliveryReportResponse()
  report(@RawJsonBody() body: Uint8Array | undefined, @Headers('x-signature') signature: string | undefined, @Caller() caller: Principal) {
    return this.deliveries.report(body, signature, caller);
  }
}
