import { describe, expect, it } from 'vitest';
import { hubQueryProblem, listensTo } from './tmf-hub-query';

const event = (eventType: string, state: string) => ({ eventType: eventType as never, body: { event: { serviceOrder: { state } } } });

describe('hub listener queries', () => {
  it('selects by event type and order attribute; no query selects everything', () => {
    expect(listensTo(null, event('ServiceOrderCreateEvent', 'acknowledged'))).toBe(true);
    expect(listensTo('eventType=ServiceOrderStateChangeEvent', event('ServiceOrderCreateEvent', 'acknowledged'))).toBe(false);
    expect(listensTo('eventType=ServiceOrderStateChangeEvent,ServiceOrderCreateEvent', event('ServiceOrderCreateEvent', 'acknowledged'))).toBe(true);
    expect(listensTo('eventType=ServiceOrderStateChangeEvent&event.serviceOrder.state=completed', event('ServiceOrderStateChangeEvent', 'inProgress'))).toBe(false);
    expect(listensTo('eventType=ServiceOrderStateChangeEvent&event.serviceOrder.state=completed', event('ServiceOrderStateChangeEvent', 'completed'))).toBe(true);
  });

  it('refuses what it cannot read', () => {
    expect(hubQueryProblem('eventType=ServiceOrderStateChangeEvent')).toBeUndefined();
    expect(hubQueryProblem('state')).toMatch(/not name=value/);
    expect(hubQueryProblem('colour=red')).toMatch(/cannot be filtered on/);
  });
});
