import type { DataSource } from 'typeorm';
import type { ActionCode, Provider, ServiceType, Template } from '@signalbox/domain';
import type { VersionSnapshot } from '@signalbox/contracts';
import type { ProviderDirectory, SnapshotLoader } from '@signalbox/activities';
import {
  ActionCodeEntity,
  EventCodeEntity,
  loadProviderWithSecrets,
  ProviderEntity,
  ServiceTypeEntity,
  TemplateEntity,
  WorkflowVersionEntity,
} from '@signalbox/persistence';

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

/** The latest published version of an event code with the catalog entries its graph uses. */
export function dbSnapshotLoader(dataSource: DataSource): SnapshotLoader {
  return {
    async load(eventCode) {
      const eventCodeRow = await dataSource.getRepository(EventCodeEntity).findOneBy({ code: eventCode });
      const version = await dataSource.getRepository(WorkflowVersionEntity).findOne({ where: { eventCode }, order: { version: 'DESC' } });
      if (!eventCodeRow || !version) return undefined;
      const actionCodes: Record<string, ActionCode> = {};
      const templates: Record<string, Template> = {};
      const providers: VersionSnapshot['providers'] = {};
      const serviceTypes: Record<string, ServiceType> = {};
      const pendingCodes = new Set<string>();
      for (const node of version.graph.nodes) {
        if (node.kind === 'action') pendingCodes.add(node.actionCode);
        if (node.kind === 'communication') templates[node.template] = await one(dataSource, TemplateEntity, node.template);
      }
      // Action codes, and the compensations they name, transitively.
      while (pendingCodes.size > 0) {
        const [code] = pendingCodes;
        pendingCodes.delete(code);
        if (actionCodes[code]) continue;
        const action = await one<ActionCode>(dataSource, ActionCodeEntity, code);
        actionCodes[code] = action;
        if (action.compensation) pendingCodes.add(action.compensation);
        const p = action.parameters as { provider?: unknown; serviceType?: unknown; template?: unknown };
        if (typeof p.provider === 'string' && !providers[p.provider]) providers[p.provider] = withoutSecrets(await one<Provider>(dataSource, ProviderEntity, p.provider));
        if (typeof p.serviceType === 'string' && !serviceTypes[p.serviceType]) serviceTypes[p.serviceType] = await one<ServiceType>(dataSource, ServiceTypeEntity, p.serviceType);
        if (typeof p.template === 'string' && !templates[p.template]) templates[p.template] = await one<Template>(dataSource, TemplateEntity, p.template);
      }
      return {
        eventCode,
        eventType: eventCodeRow.definition.eventType,
        version: version.version,
        graph: version.graph,
        actionCodes,
        templates,
        providers,
        serviceTypes,
      };
    },
  };
}

async function one<T>(dataSource: DataSource, entity: new () => { code: string; definition: T }, code: string): Promise<T> {
  const row = await dataSource.getRepository(entity).findOneBy({ code } as never);
  if (!row) throw new Error(`catalog entry ${code} is missing`);
  return (row as { definition: T }).definition;
}

function withoutSecrets(provider: Provider): VersionSnapshot['providers'][string] {
  return { ...provider, auth: { type: provider.auth.type } } as VersionSnapshot['providers'][string];
}
