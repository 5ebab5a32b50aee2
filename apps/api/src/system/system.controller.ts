import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Requires } from '../auth/permissions';
import { SystemService } from './system.service';

@ApiTags('system')
@ApiBearerAuth()
@Controller('api/system')
export class SystemController {
  constructor(private readonly system: SystemService) {}

  /** Starts the smoke workflow and answers once the worker has completed it. */
  @Post('smoke')
  @HttpCode(200)
  @Requires('admin')
  smoke() {
    return this.system.smoke();
  }
}
