import { describe, expect, it } from 'vitest';
import { DONE, FAILED, START, demoView, graph, linearGraph } from '../../test/workflow-fixtures';
import type { WorkflowGraph } from '../graph/graph.schema';
import { validateWorkflow } from './validate-workflow';

const catalog = demoView();

describe('validateWorkflow: catalog references', () => {
  it('reports an action code that does not exist, by node label', () => {
    const problems = validateWorkflow(linearGraph({ actionCode: 'HSS_ACTIVATE_GPRZ' }), catalog);
    expect(problems).toEqual([
      {
        severity: 'error',
        code: 'UNKNOWN_ACTION_CODE',
        nodeId: 'gprs',
        field: 'actionCode',
        message: 'Node ‘Activate GPRS’ uses action code HSS_ACTIVATE_GPRZ, which does not exist.',
      },
    ]);
  });

  it('reports the problems of the action code a node uses', () => {
    const broken = demoView((doc) => {
      const code = doc.actionCodes.find((a) => a.code === 'HSS_ACTIVATE_GPRS')!;
      code.parameters = { ...code.parameters, timeout: 'soon' };
    });
    const problems = validateWorkflow(linearGraph(), broken);
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'INVALID_PARAMETER',
        nodeId: 'gprs',
        field: 'actionCode',
        message: expect.stringMatching(/^Node ‘Activate GPRS’ uses action code HSS_ACTIVATE_GPRS, which has a problem: parameter timeout must be a duration/),
      }),
    ]);
  });

  it('warns about a provider that is not effective in a draft, and refuses it for publishing', () => {
    const draftProvider = demoView((doc) => {
      doc.providers.find((p) => p.code === 'hss-main')!.state = 'draft';
    });
    expect(validateWorkflow(linearGraph(), draftProvider).map((p) => [p.code, p.severity])).toEqual([['PROVIDER_NOT_EFFECTIVE', 'warning']]);
    const forPublish = validateWorkflow(linearGraph(), draftProvider, { forPublish: true });
    expect(forPublish.map((p) => [p.code, p.severity])).toEqual([['PROVIDER_NOT_EFFECTIVE', 'error']]);
    expect(forPublish[0].message).toContain('provider hss-main is draft, not effective');
  });

  it('reports a template that does not exist', () => {
    const g = graph([START, { id: 'sms', kind: 'communication', label: 'Welcome SMS', template: 'WELCOME_SMSS' }, DONE], [
      ['start', 'next', 'sms'],
      ['sms', 'success', 'done'],
      ['sms', 'failure', 'done'],
    ]);
    expect(validateWorkflow(g, catalog)).toEqual([
      { severity: 'error', code: 'UNKNOWN_TEMPLATE', nodeId: 'sms', field: 'template', message: 'Node ‘Welcome SMS’ sends template WELCOME_SMSS, which does not exist.' },
    ]);
  });

  it('checks the provider a communication node names: it must exist and speak the template channel', () => {
    const smsNode = (provider: string) => graph([START, { id: 'sms', kind: 'communication', label: 'Welcome SMS', template: 'WELCOME_SMS', provider }, DONE], [
      ['start', 'next', 'sms'],
      ['sms', 'success', 'done'],
      ['sms', 'failure', 'done'],
    ]);
    const withGateway = demoView((doc) => {
      doc.providers.push({ ...doc.providers.find((p) => p.code === 'hss-main')!, code: 'sms-gw', name: 'SMS gateway', protocol: 'sms' });
    });
    expect(validateWorkflow(smsNode('sms-gw'), withGateway)).toEqual([]);
    expect(validateWorkflow(smsNode('sms-gww'), withGateway)).toEqual([
      { severity: 'error', code: 'UNKNOWN_PROVIDER', nodeId: 'sms', field: 'provider', message: 'Node ‘Welcome SMS’ sends through provider sms-gww, which does not exist.' },
    ]);
    expect(validateWorkflow(smsNode('hss-main'), withGateway)).toEqual([
      {
        severity: 'error',
        code: 'CHANNEL_PROVIDER_MISMATCH',
        nodeId: 'sms',
        field: 'provider',
        message: 'Node ‘Welcome SMS’: provider hss-main uses the http protocol; a message on the sms channel needs a provider with protocol sms.',
      },
    ]);
    const email = graph([START, { id: 'mail', kind: 'communication', template: 'BARRED_EMAIL', provider: 'sms-gw' }, DONE], [
      ['start', 'next', 'mail'],
      ['mail', 'success', 'done'],
      ['mail', 'failure', 'done'],
    ]);
    expect(validateWorkflow(email, withGateway)).toEqual([expect.objectContaining({ code: 'CHANNEL_PROVIDER_MISMATCH', message: expect.stringContaining("email goes through the worker's SMTP server") })]);
  });

  it('reports an event code that does not exist', () => {
    expect(validateWorkflow(linearGraph(), catalog, { eventCode: 'NOT_AN_EVENT' })).toEqual([
      { severity: 'error', code: 'UNKNOWN_EVENT_CODE', message: 'Event code NOT_AN_EVENT does not exist.' },
    ]);
    expect(validateWorkflow(linearGraph(), catalog, { eventCode: 'CONNECT_SUBSCRIBER' })).toEqual([]);
  });
});

describe('validateWorkflow: expressions', () => {
  it('reports every expression that does not parse, with the field', () => {
    const g = graph(
      [
        START,
        { id: 'gprs', kind: 'action', label: 'Activate GPRS', actionCode: 'HSS_ACTIVATE_GPRS', inputs: { apn: 'data.apn', qos: 'data.(' }, schedule: { type: 'at', expression: 'data.cycleEnd +' } },
        { id: 'pause', kind: 'wait', label: 'Until cycle end', wait: { type: 'until', expression: '$toMillis(data.end' } },
        { id: 'check', kind: 'decision', label: 'Big?', branches: [{ id: 'big', label: 'Big one', condition: 'data.amount >>= 20' }] },
        { id: 'sms', kind: 'communication', label: 'SMS', template: 'WELCOME_SMS', to: 'subject.msisdn]', locale: '"en' },
        { id: 'link', kind: 'link-event', label: 'Credit', eventCode: 'TOP_UP', data: '{ "amount": }' },
        DONE,
        FAILED,
      ],
      [
        ['start', 'next', 'gprs'],
        ['gprs', 'success', 'pause'],
        ['gprs', 'failure', 'failed'],
        ['gprs', 'timeout', 'failed'],
        ['pause', 'next', 'check'],
        ['check', 'big', 'sms'],
        ['check', 'default', 'sms'],
        ['sms', 'success', 'link'],
        ['sms', 'failure', 'link'],
        ['link', 'next', 'done'],
      ],
    );
    const problems = validateWorkflow(g, catalog);
    expect(problems.every((p) => p.code === 'INVALID_EXPRESSION' && p.severity === 'error')).toBe(true);
    expect(problems.map((p) => `${p.nodeId}.${p.field}`)).toEqual([
      'check.branches.0.condition',
      'gprs.inputs.qos',
      'gprs.schedule.expression',
      'link.data',
      'pause.wait.expression',
      'sms.locale',
      'sms.to',
    ]);
    expect(problems[0].message).toMatch(/^In node ‘Big\?’, the condition of branch ‘Big one’ is not a valid expression: the expression does not parse at character \d+/);
  });
});

describe('validateWorkflow: linked events', () => {
  const linkTo = (eventCode: string, delay?: string): WorkflowGraph =>
    graph([START, { id: 'link', kind: 'link-event', label: 'Raise next', eventCode, ...(delay ? { delay } : {}) }, DONE], [
      ['start', 'next', 'link'],
      ['link', 'next', 'done'],
    ]);

  it('reports a link to an event code that does not exist', () => {
    expect(validateWorkflow(linkTo('TOP_UPP'), catalog)).toEqual([
      { severity: 'error', code: 'UNKNOWN_EVENT_CODE', nodeId: 'link', field: 'eventCode', message: 'Node ‘Raise next’ raises event code TOP_UPP, which does not exist.' },
    ]);
  });

  it('refuses a link to its own event code without a delay, and accepts one with a delay', () => {
    expect(validateWorkflow(linkTo('TOP_UP'), catalog, { eventCode: 'TOP_UP' })).toEqual([
      {
        severity: 'error',
        code: 'LINK_TO_SELF_WITHOUT_DELAY',
        nodeId: 'link',
        field: 'eventCode',
        message: 'Node ‘Raise next’ raises TOP_UP, the event this workflow handles, with no delay: each run would start another at once, forever. Add a delay of at least 1s.',
      },
    ]);
    expect(validateWorkflow(linkTo('TOP_UP', '30d'), catalog, { eventCode: 'TOP_UP' })).toEqual([]);
  });

  it('refuses a loop of immediate links through other published workflows', () => {
    // Published: SIM_SWAP raises TOP_UP at once. Drafting TOP_UP to raise SIM_SWAP at once closes the loop.
    const looping = demoView((doc) => {
      doc.workflows.find((w) => w.eventCode === 'SIM_SWAP')!.versions.push({ eventCode: 'SIM_SWAP', version: 2, graph: linkTo('TOP_UP'), publishedAt: '2026-02-01T00:00:00Z' });
    });
    expect(validateWorkflow(linkTo('SIM_SWAP'), looping, { eventCode: 'TOP_UP' })).toEqual([
      {
        severity: 'error',
        code: 'LINKED_EVENT_LOOP',
        nodeId: 'link',
        field: 'eventCode',
        message: 'Node ‘Raise next’ raises SIM_SWAP, and linked events lead back without a delay of at least 1s (TOP_UP → SIM_SWAP → TOP_UP): the events would start each other forever. Add a delay on one of the links.',
      },
    ]);
    expect(validateWorkflow(linkTo('SIM_SWAP', '1h'), looping, { eventCode: 'TOP_UP' })).toEqual([]);
    expect(validateWorkflow(linkTo('SIM_SWAP'), catalog, { eventCode: 'TOP_UP' })).toEqual([]);
  });
});
