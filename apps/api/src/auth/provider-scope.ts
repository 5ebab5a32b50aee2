import { SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { ServiceOrderEntity } from '@signalbox/persistence';

export const PROVIDER_SCOPED = 'signalbox:provider-scoped';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How to find the provider a request acts for, by the kind of thing the route names. */
const PROVIDER_OF = {
  /** `:id` is a service order: its provider. */
  'service-order': async (req: Request, dataSource: DataSource) => {
    const id = req.params.id;
    if (typeof id !== 'string' || !UUID.test(id)) return undefined;
    const order = await dataSource.getRepository(ServiceOrderEntity).findOne({ where: { id }, select: { providerCode: true } });
    return order?.providerCode;
  },
} as const satisfies Record<string, (req: Request, dataSource: DataSource) => Promise<string | undefined>>;
export type ScopedTarget = keyof typeof PROVIDER_OF;

/**
 * The route acts for one provider: a key scoped to providers (an agent key) may call it only for
 * its own. A target that does not exist is left to the route (its 404).
 */
export const ScopedToProvider = (target: ScopedTarget) => SetMetadata(PROVIDER_SCOPED, target);

/**
 * An agent key made before keys were scoped to providers: the migration gave it no provider (any
 * provider would reopen the hole scopes close), so it answers nothing and says why.
 */
export const UNSCOPED_AGENT_KEY =
  'this agent key has no provider scope: it was made before agent keys were tied to providers, so it may answer no service order. ' +
  'An admin must issue a new agent key with providers (POST /api/keys with role "agent" and "providers": [...]) and revoke this one';

/** The refusal message, or undefined when the scoped key may act for the target's provider. */
export async function providerScopeProblem(target: ScopedTarget, providers: readonly string[], req: Request, dataSource: DataSource): Promise<string | undefined> {
  if (providers.length === 0) return UNSCOPED_AGENT_KEY;
  const provider = await PROVIDER_OF[target](req, dataSource);
  if (provider === undefined || providers.includes(provider)) return undefined;
  return `this agent key may answer service orders only for ${providers.join(', ')}; this order belongs to provider ${provider}`;
}
