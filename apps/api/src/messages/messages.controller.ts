import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { PublishMessage } from '@signalbox/domain';
import { Requires } from '../auth/permissions';
import { RateLimited } from '../auth/rate-limit';
import { MessagePageResponse, MessageQueryDto, MessageViewResponse, PublishedMessageResponse, PublishMessageDto } from './dto';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@ApiBearerAuth()
@Controller('api/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  /** Delivers a business message to the runs waiting for it with these keys, or buffers it for its time-to-live. */
  @Post()
  @HttpCode(202)
  @Requires('message')
  @RateLimited('integration')
  @PublishedMessageResponse()
  publish(@Body() body: PublishMessageDto) {
    return this.messages.publish(body as PublishMessage);
  }

  /** Messages newest first; `status=expired` lists those no run took within their time-to-live. */
  @Get()
  @Requires('read')
  @MessagePageResponse()
  list(@Query() query: MessageQueryDto) {
    return this.messages.list(query);
  }

  @Get(':id')
  @Requires('read')
  @MessageViewResponse()
  get(@Param('id') id: string) {
    return this.messages.get(id);
  }
}
