import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { validationFailed } from '../common/api-error';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Requires, type Principal } from '../auth/permissions';
import { actorOf, Caller } from '../auth/principal.decorator';
import { BulkRequestDto } from './bulk.dto';
import { BulkService } from './bulk.service';

@ApiTags('runs')
@ApiBearerAuth()
@Controller('api/runs/bulk')
export class BulkController {
  constructor(private readonly bulk: BulkService) {}

  /** Dry run: how many runs match and a sample. Otherwise starts the bulk operation (202). */
  @Post()
  @HttpCode(202)
  @Requires('operate')
  start(@Body() body: BulkRequestDto, @Caller() caller: Principal) {
    return this.bulk.start(body, actorOf(caller));
  }

  @Get(':id')
  status(@Param('id') id: string) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw validationFailed([{ path: 'id', message: 'must be the id a bulk operation was started with' }]);
    return this.bulk.status(id);
  }
}
