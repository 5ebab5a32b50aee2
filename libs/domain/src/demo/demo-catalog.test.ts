import { describe, expect, it } from 'vitest';
import { CatalogDocument } from '../catalog/catalog-document.schema';
import { buildCatalogView } from '../catalog/catalog-view';
import { checkTemplate } from '../expressions/template';
import { validateActionCode } from '../validation/validate-action-code';
import { validateWorkflow } from '../validation/validate-workflow';
import { demoCatalog } from './demo-catalog';

const EVENT_CODES = ['CONNECT_SUBSCRIBER', 'SIM_SWAP', 'BAR_NON_PAYMENT', 'UNBAR_PAYMENT', 'TOP_UP'];

describe('demoCatalog', () => {
  const doc = demoCatalog('http://sim.test:9999/');
  const view = buildCatalogView(doc);

  it('is a valid catalog document that survives a JSON round trip', () => {
    const reparsed = CatalogDocument.parse(JSON.parse(JSON.stringify(doc)));
    expect(reparsed).toEqual(doc);
  });

  it('is the same document on every call', () => {
    expect(demoCatalog('http://sim.test:9999/')).toEqual(doc);
  });

  it('points providers at the simulator and exports no secret', () => {
    expect(doc.providers.find((p) => p.code === 'hss-main')?.endpoints).toEqual(['http://sim.test:9999/providers/hss-main']);
    expect(demoCatalog().providers.find((p) => p.code === 'sms-gateway')?.endpoints).toEqual(['http://localhost:4300/providers/sms-gateway']);
    expect(doc.providers.find((p) => p.code === 'ocs-main')?.auth).toEqual({ type: 'signature', keyId: 'signalbox-demo' });
    expect(doc.providers.find((p) => p.code === 'ca-platform')?.mode).toBe('async');
    expect(doc.providers.every((p) => p.state === 'effective')).toBe(true);
  });

  it('maps the inbound events to event codes', () => {
    const matrix = Object.fromEntries(doc.inboundEvents.map((i) => [i.name, i.subscriptions]));
    expect(matrix).toEqual({
      'Account/New': ['CONNECT_SUBSCRIBER'],
      'Account/SIMCardAssignment': ['SIM_SWAP'],
      'Account/Blocked': ['BAR_NON_PAYMENT'],
      'Account/Unblocked': ['UNBAR_PAYMENT'],
      'Customer/ZeroAvailableFunds': ['BAR_NON_PAYMENT'],
    });
    expect(doc.inboundEvents.find((i) => i.name === 'Customer/ZeroAvailableFunds')).toMatchObject({ level: 'customer', dispatchToAccounts: true });
    for (const inbound of doc.inboundEvents) for (const code of inbound.subscriptions) expect(view.eventCodes.has(code)).toBe(true);
  });

  it('has a valid action code for every entry', () => {
    for (const actionCode of doc.actionCodes) expect(validateActionCode(actionCode, view, { forPublish: true }), actionCode.code).toEqual([]);
    expect(view.actionCodes.get('HSS_ACTIVATE_GPRS')?.parameters).toMatchObject({ fields: ['msisdn', 'imsi', 'apn', 'qosProfile'], mode: 'confirmed', timeout: '20s' });
    expect(view.actionCodes.get('HSS_SWAP_SIM')?.compensation).toBe('HSS_UNDO_SWAP_SIM');
    expect(view.actionCodes.get('CA_ENABLE_OTT')?.parameters).toMatchObject({ mode: 'queued', maxWait: '2h' });
  });

  it('has templates whose placeholders all parse, with a second language on some', () => {
    for (const template of doc.templates) {
      for (const variant of template.variants) expect(checkTemplate(variant.body), `${template.code}/${variant.locale}`).toEqual([]);
    }
    expect(doc.templates.filter((t) => t.variants.length > 1).length).toBeGreaterThanOrEqual(2);
    expect(new Set(doc.templates.map((t) => t.channel))).toEqual(new Set(['sms', 'email']));
  });

  it('publishes exactly one version of a workflow per event code', () => {
    expect(doc.workflows.map((w) => w.eventCode).sort()).toEqual([...EVENT_CODES].sort());
    for (const workflow of doc.workflows) {
      expect(workflow.versions.map((v) => v.version)).toEqual([1]);
      expect(workflow.versions[0].graph).toEqual(workflow.draft);
    }
    expect([...(view.publishedGraphs?.keys() ?? [])].sort()).toEqual([...EVENT_CODES].sort());
  });

  it.each(EVENT_CODES)('%s passes validation for publishing with no warning', (eventCode) => {
    const workflow = doc.workflows.find((w) => w.eventCode === eventCode);
    expect(workflow).toBeDefined();
    expect(validateWorkflow(workflow?.draft ?? { nodes: [], edges: [] }, view, { eventCode, forPublish: true })).toEqual([]);
  });

  it('exercises the engine: decision, wait, link-event, compensation and positions on every node', () => {
    const nodes = doc.workflows.flatMap((w) => w.draft.nodes);
    const kinds = new Set(nodes.map((n) => n.kind));
    for (const kind of ['start', 'action', 'communication', 'decision', 'wait', 'link-event', 'end']) expect(kinds.has(kind as never), kind).toBe(true);
    expect(nodes.every((n) => n.position !== undefined)).toBe(true);
    const link = nodes.find((n) => n.kind === 'link-event');
    expect(link).toMatchObject({ eventCode: 'TOP_UP', delay: '10m' });
  });
});
