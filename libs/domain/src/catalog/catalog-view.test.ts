import { describe, expect, it } from 'vitest';
import { buildCatalogView } from './catalog-view';
import { CatalogDocument } from './catalog-document.schema';

const graph = (label: string) => ({ nodes: [{ id: 'start', kind: 'start', label }], edges: [] });

describe('buildCatalogView', () => {
  it('keys entries by code and uses the latest published version of each workflow', () => {
    const doc = CatalogDocument.parse({
      format: 'signalbox.catalog/v1',
      eventTypes: [{ code: 'PROVISIONING', name: 'Provisioning' }],
      eventCodes: [
        { code: 'SIM_SWAP', eventType: 'PROVISIONING', name: 'SIM swap' },
        { code: 'TOP_UP', eventType: 'PROVISIONING', name: 'Top-up' },
      ],
      providers: [{ code: 'hss-main', name: 'HSS', endpoints: ['http://localhost:1/hss'] }],
      workflows: [
        {
          eventCode: 'SIM_SWAP',
          draft: graph('draft'),
          versions: [
            { eventCode: 'SIM_SWAP', version: 2, graph: graph('v2'), publishedAt: '2026-01-02T00:00:00Z' },
            { eventCode: 'SIM_SWAP', version: 3, graph: graph('v3'), publishedAt: '2026-01-03T00:00:00Z' },
            { eventCode: 'SIM_SWAP', version: 1, graph: graph('v1'), publishedAt: '2026-01-01T00:00:00Z' },
          ],
        },
        { eventCode: 'TOP_UP', draft: graph('never published') },
      ],
    });
    const view = buildCatalogView(doc);
    expect(view.eventCodes.get('TOP_UP')?.name).toBe('Top-up');
    expect(view.providers.get('hss-main')?.state).toBe('draft');
    expect(view.publishedGraphs?.get('SIM_SWAP')?.nodes[0].label).toBe('v3');
    expect(view.publishedGraphs?.has('TOP_UP')).toBe(false);
  });
});
