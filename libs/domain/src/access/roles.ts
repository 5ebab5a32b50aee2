/** The roles an API key can have. */
export const API_KEY_ROLES = ['viewer', 'analyst', 'admin', 'operator', 'agent', 'integration'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

/**
 * The one permission table: which roles grant each permission (documented in
 * docs/operations.md, "Roles"). The API's routes each require one permission; the designer shows
 * a role what these permissions allow it (the API refuses the rest anyway).
 */
export const PERMISSIONS = {
  any: ['viewer', 'analyst', 'admin', 'operator', 'agent', 'integration'],
  read: ['viewer', 'analyst', 'admin', 'operator'],
  edit: ['analyst', 'admin'],
  admin: ['admin'],
  operate: ['operator', 'admin'],
  respond: ['agent', 'admin'],
  /** Upstream systems: send business messages to waiting runs (`POST /api/messages`). */
  message: ['integration', 'operator', 'admin'],
  /** Upstream systems on the standard APIs (TMF641 ordering and its hub). */
  integrate: ['integration', 'admin'],
  /** Signalbox-native webhooks: register and delete subscriptions (they receive every run's state). */
  subscribe: ['admin'],
  /** Webhook subscriptions and their deliveries seen and dead letters re-driven by ops. */
  webhookOps: ['operator', 'admin'],
} as const satisfies Record<string, readonly ApiKeyRole[]>;
export type Permission = keyof typeof PERMISSIONS;

export function allows(role: ApiKeyRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly ApiKeyRole[]).includes(role);
}
