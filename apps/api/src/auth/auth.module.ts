import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysService } from './api-keys.service';
import { AuthGuard } from './auth.guard';
import { KeysController } from './keys.controller';
import { KeyRateLimiter } from './rate-limit';

@Global()
@Module({
  controllers: [KeysController],
  providers: [ApiKeysService, KeyRateLimiter, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [ApiKeysService],
})
export class AuthModule {}
