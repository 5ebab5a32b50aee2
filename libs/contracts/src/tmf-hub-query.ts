import type { TmfHubEvent } from './tmf';

/**
 * A hub listener's `query`: TMF leaves it free text; Signalbox reads `eventType=A,B` and
 * `event.serviceOrder.<attribute>=v1,v2`, joined by `&`. No query selects every event. Shared by
 * the API (which refuses a query it cannot read) and the worker (which filters with it).
 */
export function hubQueryProblem(query: string): string | undefined {
  for (const term of query.split('&')) {
    const [name, value] = term.split('=');
    if (!name || value === undefined || value === '') return `"${term}" is not name=value`;
    if (name.trim() !== 'eventType' && !/^event\.serviceOrder\.[A-Za-z@]+$/.test(name.trim())) return `${name} cannot be filtered on: use eventType or event.serviceOrder.<attribute>`;
  }
  return undefined;
}

export function listensTo(query: string | null, event: Pick<TmfHubEvent, 'eventType' | 'body'>): boolean {
  if (!query) return true;
  return query.split('&').every((term) => {
    const [name = '', value = ''] = term.split('=').map((s) => s.trim());
    const wanted = value.split(',').map((v) => v.trim());
    if (name === 'eventType') return wanted.includes(event.eventType);
    const order = ((event.body.event as Record<string, unknown> | undefined)?.serviceOrder ?? {}) as Record<string, unknown>;
    return wanted.includes(String(order[name.slice('event.serviceOrder.'.length)]));
  });
}
