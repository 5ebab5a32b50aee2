import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Slug } from '@signalbox/domain';
import { API_KEY_ROLES } from '@signalbox/domain';
import { ZodSchema } from '../common/zod-schema.decorator';
import { ApiKeysService } from './api-keys.service';
import { Requires, type Principal } from './permissions';
import { actorOf, Caller } from './principal.decorator';

@ZodSchema(
  z
    .strictObject({
      name: z.string().trim().min(1, { error: 'is required' }).max(100),
      role: z.enum(API_KEY_ROLES, { error: `must be one of ${API_KEY_ROLES.join(', ')}` }),
      providers: z.array(Slug).min(1, { error: 'needs at least one provider code' }).max(100).optional().describe('Agent keys only: the providers whose service orders the key may answer.'),
    })
    .superRefine((body, ctx) => {
      // Least privilege: an agent answers for named providers only, and only agents have providers.
      if (body.role === 'agent' && !body.providers) ctx.addIssue({ code: 'custom', path: ['providers'], message: 'is required for an agent key: the codes of the providers whose orders it answers' });
      if (body.role !== 'agent' && body.providers) ctx.addIssue({ code: 'custom', path: ['providers'], message: 'is only for agent keys' });
    }),
)
export class CreateApiKeyDto {
  name!: string;
  role!: (typeof API_KEY_ROLES)[number];
  providers?: string[];
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('api')
export class KeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get('auth/me')
  @Requires('any')
  me(@Caller() caller: Principal) {
    return { name: caller.name, role: caller.role, keyId: caller.keyId, providers: caller.providers };
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
