import type { DataSource } from 'typeorm';
import type { ProviderDirectory, SnapshotLoader } from '@signalbox/activities';
import type { ProviderLimit } from './provider-workers';
import { loadProviderWithSecrets, loadPublishedSnapshot, ProviderEntity } from '@signalbox/persistence';

/** Providers with decrypted secrets, read when an activity sends (never carried in histories). */
export function dbProviderDirectory(dataSource: DataSource, secretKey: string | undefined): ProviderDirectory {
  return {
    async load(code) {
      if (secretKey) return loadProviderWithSecrets(dataSource, code, secretKey);
      const row = await dataSource.getRepository(ProviderEntity).findOneBy({ code });
      if (!row) return undefined;
      if (row.secrets) throw new Error(`provider ${code} has stored secrets but the worker has no SIGNALBOX_SECRET_KEY to open them`);
      return row.definition;
    },
  };
}

/** The latest published version of an event code with the catalog entries its graph uses (the API's loader too). */
export function dbSnapshotLoader(dataSource: DataSource): SnapshotLoader {
  return { load: (eventCode) => loadPublishedSnapshot(dataSource, eventCode) };
}

/** Every provider with a rate limit, whatever its state (runs started earlier may still use it). */
export function dbProviderLimits(dataSource: DataSource): () => Promise<ProviderLimit[]> {
  return async () => {
    const rows = await dataSource.getRepository(ProviderEntity).find({ select: { code: true, definition: true }, order: { code: 'ASC' } });
    return rows.flatMap((row) => (row.definition.rateLimit ? [{ code: row.code, perSecond: row.definition.rateLimit.perSecond }] : []));
  };
}
