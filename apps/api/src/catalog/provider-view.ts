import { secretFieldOf, type Provider } from '@signalbox/domain';
import type { ProviderSecrets } from '@signalbox/persistence';

/** A provider as the API shows it: each secret replaced by a `…Set` flag. */
export function providerView(definition: Provider, secrets: ProviderSecrets): Record<string, unknown> {
  const field = secretFieldOf(definition.auth.type);
  if (!field) return definition;
  return { ...definition, auth: { ...definition.auth, [`${field}Set`]: secrets[field] !== undefined } };
}

/** Lets a client PUT back what it read: the `…Set` flags are dropped before validation. */
export function withoutSecretFlags(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const auth = (body as { auth?: unknown }).auth;
  if (typeof auth !== 'object' || auth === null) return body;
  const rest = Object.fromEntries(Object.entries(auth).filter(([k, v]) => !(['passwordSet', 'valueSet', 'secretSet'].includes(k) && typeof v === 'boolean')));
  return { ...body, auth: rest };
}
