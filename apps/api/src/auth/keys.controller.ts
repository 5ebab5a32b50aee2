import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { API_KEY_ROLES } from '@signalbox/persistence';
import { ZodSchema } from '../common/zod-schema.decorator';
import { ApiKeysService } from './api-keys.service';
import { Requires, type Principal } from './permissions';
import { actorOf, Caller } from './principal.decorator';

@ZodSchema(z.strictObject({ name: z.string().trim().min(1, { error: 'is required' }).max(100), role: z.enum(API_KEY_ROLES, { error: `must be one of ${API_KEY_ROLES.join(', ')}` }) }))
export class CreateApiKeyDto {
  name!: string;
  role!: (typeof API_KEY_ROLES)[number];
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('api')
export class KeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get('auth/me')
  @Requires('any')
  me(@Caller() caller: Principal) {
    return { name: caller.name, role: caller.role, keyId: caller.keyId };
  }

  @Get('keys')
  @Requires('admin')
  async list() {
    return { items: await this.keys.list() };
  }

  @Post('keys')
  @Requires('admin')
  create(@Body() body: CreateApiKeyDto, @Caller() caller: Principal) {
    return this.keys.create(body, actorOf(caller));
  }

  @Delete('keys/:id')
  @Requires('admin')
  @HttpCode(204)
  async revoke(@Param('id') id: string, @Caller() caller: Principal): Promise<void> {
    await this.keys.revoke(id, actorOf(caller));
  }
}
