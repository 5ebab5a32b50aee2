import type { DataSource } from 'typeorm';
import { SECRET_AUTH_FIELDS, secretFieldOf, type Provider, type SecretAuthField } from '@signalbox/domain';
import { SecretBox } from '../crypto/secret-box';
import { ProviderEntity } from './catalog.entities';

export type ProviderSecrets = Partial<Record<SecretAuthField, string>>;

/** Splits a provider into the definition stored as jsonb (no secrets) and its secret fields. */
export function splitProviderSecrets(provider: Provider): { definition: Provider; secrets: ProviderSecrets } {
  const auth: Record<string, unknown> = { ...provider.auth };
  const secrets: ProviderSecrets = {};
  for (const field of SECRET_AUTH_FIELDS) {
    if (typeof auth[field] === 'string') secrets[field] = auth[field] as string;
    delete auth[field];
  }
  return { definition: { ...provider, auth: auth as Provider['auth'] }, secrets };
}

/** Puts the secrets that fit the provider's auth type back into it. */
export function mergeProviderSecrets(definition: Provider, secrets: ProviderSecrets): Provider {
  const auth: Record<string, unknown> = { ...definition.auth };
  const field = secretFieldOf(definition.auth.type);
  if (field && secrets[field] !== undefined) auth[field] = secrets[field];
  return { ...definition, auth: auth as Provider['auth'] };
}

/**
 * The provider with its decrypted secrets, for adapters that must authenticate (the worker).
 * Returns undefined when no provider has that code.
 */
export async function loadProviderWithSecrets(dataSource: DataSource, code: string, secretKey: SecretBox | string): Promise<Provider | undefined> {
  const row = await dataSource.getRepository(ProviderEntity).findOneBy({ code });
  if (!row) return undefined;
  const box = typeof secretKey === 'string' ? new SecretBox(secretKey) : secretKey;
  const secrets = row.secrets ? box.openJson<ProviderSecrets>(row.secrets) : {};
  return mergeProviderSecrets(row.definition, secrets);
}
