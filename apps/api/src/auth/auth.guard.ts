import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/api-error';
import { IS_PUBLIC } from '../common/public.decorator';
import { ApiKeysService } from './api-keys.service';
import { allows, type Permission } from '@signalbox/domain';
import { defaultPermission, REQUIRES, type Principal } from './permissions';
import { PROVIDER_SCOPED, providerScopeProblem, type ScopedTarget } from './provider-scope';
import { KeyRateLimiter, RATE_LIMITED, type RateBucket } from './rate-limit';
import { MALFORMED_AUTHORIZATION, readPresentedKey } from './presented-key';

export type AuthenticatedRequest = Request & { principal?: Principal };

/**
 * Global guard: an API key (Bearer or X-Api-Key), a role that grants the route's permission, a
 * provider scope that covers the route's target (agent keys), and the key's rate limit on
 * expensive routes — in that order, so a refused caller never spends the rate limit.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
    private readonly limiter: KeyRateLimiter,
    private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const presented = presentedKey(req);
    if (!presented) throw new ApiError(401, 'an API key is required: send Authorization: Bearer <key> or X-Api-Key: <key>');
    const principal = await this.keys.authenticate(presented);
    if (!principal) throw new ApiError(401, 'unknown or revoked API key');
    req.principal = principal;
    const needed = this.reflector.getAllAndOverride<Permission>(REQUIRES, targets) ?? defaultPermission(req.method);
    if (!allows(principal.role, needed)) {
      throw new ApiError(403, `the ${principal.role} role may not do this (needs ${needed} permission)`);
    }
    const scoped = this.reflector.getAllAndOverride<ScopedTarget | undefined>(PROVIDER_SCOPED, targets);
    if (scoped && principal.providers !== null) {
      const problem = await providerScopeProblem(scoped, principal.providers, req, this.dataSource);
      if (problem) throw new ApiError(403, problem);
    }
    const bucket = this.reflector.getAllAndOverride<RateBucket | undefined>(RATE_LIMITED, targets);
    if (bucket) {
      const taken = await this.limiter.take(principal.keyId, bucket);
      if (!taken.allowed) {
        context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(taken.retryAfterSeconds));
        const what = bucket === 'expensive' ? 'expensive operations (validate, preview, test runs, batches)' : 'the integration API (TMF641, messages)';
        throw new ApiError(429, `this API key has used its calls to ${what} for now: retry in ${taken.retryAfterSeconds} s`);
      }
    }
    return true;
  }
}

/** The key from `Authorization: Bearer <key>` (the scheme is case-insensitive) or `X-Api-Key`. */
function presentedKey(req: Request): string | undefined {
  const presented = readPresentedKey(req.headers);
  if (presented === MALFORMED_AUTHORIZATION) throw new ApiError(401, 'the Authorization header must be "Bearer <key>" (or send X-Api-Key: <key>)');
  return presented;
}
