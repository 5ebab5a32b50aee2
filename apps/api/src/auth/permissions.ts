import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { ApiKeyRole } from '@signalbox/persistence';

/**
 * The one permission table: what a route needs, and which roles grant it (documented in
 * docs/operations.md, "Roles"). Routes without @Requires need `read` for GET and `admin` for
 * anything else (defaultPermission). The role-matrix test is generated from this table and
 * the permission each operation declares in the OpenAPI document.
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

/** OpenAPI extension naming each operation's permission ("public" for routes without a key). */
export const PERMISSION_EXTENSION = 'x-signalbox-permission';

export const REQUIRES = 'signalbox:requires';
export const Requires = (permission: Permission) => applyDecorators(SetMetadata(REQUIRES, permission), ApiExtension(PERMISSION_EXTENSION, permission));

/** What a route without @Requires needs. */
export const defaultPermission = (method: string): Permission => (['GET', 'HEAD'].includes(method.toUpperCase()) ? 'read' : 'admin');

export function allows(role: ApiKeyRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly ApiKeyRole[]).includes(role);
}

/** The authenticated caller, set on the request by the auth guard. */
export interface Principal {
  keyId: string;
  name: string;
  role: ApiKeyRole;
  /** Agent keys: the providers whose orders the key may answer; null for every other role. */
  providers: readonly string[] | null;
}
