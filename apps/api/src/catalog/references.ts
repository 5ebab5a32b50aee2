import { buildCatalogView, checkTemplate, validateActionCode, type ActionCode, type CatalogDocument, type EventCode, type InboundEvent, type ServiceType, type Template } from '@signalbox/domain';
import type { CatalogKind } from '@signalbox/persistence';
import type { Problem } from '../common/api-error';

/**
 * Problems an entry has with the rest of the catalog (unknown event type, subscription to an
 * unknown event code, action code parameters that do not fit its action type…). Only errors:
 * warnings do not block saving an entry.
 */
export function referenceProblems(kind: CatalogKind, entry: unknown, catalog: CatalogDocument, prefix = ''): Problem[] {
  const at = (path: string) => (prefix ? (path ? `${prefix}.${path}` : prefix) : path);
  const problems: Problem[] = [];
  switch (kind) {
    case 'event-codes': {
      const e = entry as EventCode;
      if (!catalog.eventTypes.some((t) => t.code === e.eventType)) problems.push({ path: at('eventType'), message: `event type ${e.eventType} does not exist` });
      break;
    }
    case 'inbound-events': {
      const e = entry as InboundEvent;
      const seen = new Set<string>();
      e.subscriptions.forEach((code, i) => {
        if (!catalog.eventCodes.some((c) => c.code === code)) problems.push({ path: at(`subscriptions.${i}`), message: `event code ${code} does not exist` });
        if (seen.has(code)) problems.push({ path: at(`subscriptions.${i}`), message: `event code ${code} is listed twice` });
        seen.add(code);
      });
      break;
    }
    case 'service-types': {
      const e = entry as ServiceType;
      e.transitions.forEach((t, i) => {
        if (t.actionCode && !catalog.actionCodes.some((a) => a.code === t.actionCode)) problems.push({ path: at(`transitions.${i}.actionCode`), message: `action code ${t.actionCode} does not exist` });
      });
      break;
    }
    case 'action-codes': {
      const view = buildCatalogView(catalog);
      for (const p of validateActionCode(entry as ActionCode, view)) {
        if (p.severity === 'error') problems.push({ path: at(p.field), message: p.message });
      }
      break;
    }
    case 'templates': {
      const t = entry as Template;
      t.variants.forEach((v, i) => {
        // checkTemplate's messages already quote the placeholder.
        for (const p of checkTemplate(v.body)) problems.push({ path: at(`variants.${i}.body`), message: p.message });
        if (v.subject) for (const p of checkTemplate(v.subject)) problems.push({ path: at(`variants.${i}.subject`), message: p.message });
      });
      break;
    }
    case 'event-types':
    case 'providers':
      break;
  }
  return problems;
}
