import { secretFieldOf, type Provider } from '@signalbox/domain';
import type { ProviderSecrets } from '@signalbox/persistence';

/** A provider as the API shows it: each secret replaced by a `…Set` flag. */
export function providerView(definition: Provider, secrets: ProviderSecrets): Record<string, unknown> {
  const field = secretFieldOf(definition.auth.type);
  const view: Record<string, unknown> = field ? { ...definition, auth: { ...definition.auth, [`${field}Set`]: secrets[field] !== undefined } } : { ...definition };
  if (definition.file) view.file = { ...definition.file, keySet: secrets.fileKey !== undefined };
  return view;
}

/** Lets a client PUT back what it read: the `…Set` flags are dropped before validation. */
export function withoutSecretFlags(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const { auth, file } = body as { auth?: unknown; file?: unknown };
  return {
    ...body,
    ...(isObject(auth) ? { auth: withoutFlags(auth, ['passwordSet', 'valueSet', 'secretSet', 'tokenSet']) } : {}),
    ...(isObject(file) ? { file: withoutFlags(file, ['keySet']) } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withoutFlags(value: Record<string, unknown>, flags: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([k, v]) => !(flags.includes(k) && typeof v === 'boolean')));
}
