import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiError } from '../common/api-error';
import { IS_PUBLIC } from '../common/public.decorator';
import { ApiKeysService } from './api-keys.service';
import { allows, REQUIRES, type Permission, type Principal } from './permissions';

export type AuthenticatedRequest = Request & { principal?: Principal };

/** Global guard: an API key (Bearer or X-Api-Key) and a role that grants the route's permission. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
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
    const needed = this.reflector.getAllAndOverride<Permission>(REQUIRES, targets) ?? (req.method === 'GET' || req.method === 'HEAD' ? 'read' : 'admin');
    if (!allows(principal.role, needed)) {
      throw new ApiError(403, `the ${principal.role} role may not do this (needs ${needed} permission)`);
    }
    return true;
  }
}

/** The key from `Authorization: Bearer <key>` (the scheme is case-insensitive) or `X-Api-Key`. */
function presentedKey(req: Request): string | undefined {
  const header = req.headers.authorization?.trim();
  if (header) {
    const bearer = /^bearer\s+(\S+)$/i.exec(header);
    if (bearer) return bearer[1];
    throw new ApiError(401, 'the Authorization header must be "Bearer <key>" (or send X-Api-Key: <key>)');
  }
  const apiKey = req.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}
