import { SetMetadata } from '@nestjs/common';
import type { ApiKeyRole } from '@signalbox/persistence';

/**
 * What a route needs, and which roles grant it (docs/api-conventions.md). Routes without
 * @Requires need `read` for GET and `admin` for anything else.
 */
export const PERMISSIONS = {
  any: ['viewer', 'analyst', 'admin', 'operator', 'agent'],
  read: ['viewer', 'analyst', 'admin', 'operator'],
  edit: ['analyst', 'admin'],
  admin: ['admin'],
  operate: ['operator', 'admin'],
  respond: ['agent', 'admin'],
} as const satisfies Record<string, readonly ApiKeyRole[]>;
export type Permission = keyof typeof PERMISSIONS;

export const REQUIRES = 'signalbox:requires';
export const Requires = (permission: Permission) => SetMetadata(REQUIRES, permission);

export function allows(role: ApiKeyRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly ApiKeyRole[]).includes(role);
}

/** The authenticated caller, set on the request by the auth guard. */
export interface Principal {
  keyId: string;
  name: string;
  role: ApiKeyRole;
}
