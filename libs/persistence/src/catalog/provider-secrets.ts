import type { DataSource } from 'typeorm';
import { SECRET_AUTH_FIELDS, secretFieldOf, type Provider, type SecretAuthField } from '@signalbox/domain';
import { SecretBox } from '../crypto/secret-box';
import { ProviderEntity } from './catalog.entities';

/** The auth secret of the provider's auth type, and a file provider's AES key (`fileKey`). */
export type ProviderSecrets = Partial<Record<SecretAuthField | 'fileKey', string>>;

/** Splits a provider into the definition stored as jsonb (no secrets) and its secret fields. */
export function splitProviderSecrets(provider: Provider): { definition: Provider; secrets: ProviderSecrets } {
  const auth: Record<string, unknown> = { ...provider.auth };
  const secrets: ProviderSecrets = {};
  for (const field of SECRET_AUTH_FIELDS) {
    if (typeof auth[field] === 'string') secrets[field] = auth[field] as string;
    delete auth[field];
  }
  const definition: Provider = { ...provider, auth: auth as Provider['auth'] };
  if (provider.file) {
    const { key, ...file } = provider.file;
    if (key !== undefined) secrets.fileKey = key;
    definition.file = file;
  }
  return { definition, secrets };
}

/** The stored secrets the provider's definition still uses (its auth type's, a file provider's key). */
export function secretsInUse(definition: Provider, secrets: ProviderSecrets): ProviderSecrets {
  const field = secretFieldOf(definition.auth.type);
  return {
    ...(field && secrets[field] !== undefined ? { [field]: secrets[field] } : {}),
    ...(definition.file && secrets.fileKey !== undefined ? { fileKey: secrets.fileKey } : {}),
  };
}

/** Puts the secrets that fit the provider's auth type (and its file settings) back into it. */
export function mergeProviderSecrets(definition: Provider, secrets: ProviderSecrets): Provider {
  const auth: Record<string, unknown> = { ...definition.auth };
  const field = secretFieldOf(definition.auth.type);
  if (field && secrets[field] !== undefined) auth[field] = secrets[field];
  const merged: Provider = { ...definition, auth: auth as Provider['auth'] };
  if (definition.file && secrets.fileKey !== undefined) merged.file = { ...definition.file, key: secrets.fileKey };
  return merged;
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
