import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from './auth.guard';
import type { Principal } from './permissions';

/** The caller (set by AuthGuard). */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('Caller used on a public route');
  return principal;
});

/** How the audit log names a caller. */
export const actorOf = (p: Principal) => `${p.name} (${p.keyId})`;
