import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { ApiKeyRole, Permission } from '@signalbox/domain';

/*
 * How routes declare the permission they need. The table of which roles grant which permission
 * (PERMISSIONS, allows) is libs/domain's, shared with the designer. Routes without @Requires need
 * `read` for GET and `admin` for anything else (defaultPermission). The role-matrix test is
 * generated from that table and the permission each operation declares in the OpenAPI document.
 */

/** OpenAPI extension naming each operation's permission ("public" for routes without a key). */
export const PERMISSION_EXTENSION = 'x-signalbox-permission';

export const REQUIRES = 'signalbox:requires';
export const Requires = (permission: Permission) => applyDecorators(SetMetadata(REQUIRES, permission), ApiExtension(PERMISSION_EXTENSION, permission));

/** What a route without @Requires needs. */
export const defaultPermission = (method: string): Permission => (['GET', 'HEAD'].includes(method.toUpperCase()) ? 'read' : 'admin');

/** The authenticated caller, set on the request by the auth guard. */
export interface Principal {
  keyId: string;
  name: string;
  role: ApiKeyRole;
  /** Agent keys: the providers whose orders the key may answer; null for every other role. */
  providers: readonly string[] | null;
}
