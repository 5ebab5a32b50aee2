import { describe, expect, it } from 'vitest';
import type { EventCode, Template } from '@signalbox/domain';
import { dropDefaults } from './drop-defaults';

const template = (code: string, channel: Template['channel']): Template => ({ code, name: code, channel, defaultLocale: 'en', variants: [{ locale: 'en', body: 'Hi', ...(channel === 'email' ? { subject: 'Hi' } : {}) }] }) as Template;
const eventCode = (code: string, keys: EventCode['requiredSubjectKeys'] = ['msisdn'], enabled = true): EventCode => ({ code, eventType: 'PROVISIONING', name: code, requiredSubjectKeys: keys, enabled }) as EventCode;
const templates = [template('A_WELCOME_EMAIL', 'email'), template('B_PUSH', 'push'), template('WELCOME_SMS', 'sms')];

describe('dropDefaults', () => {
  it('gives a Message step an SMS template in a workflow whose subject has an MSISDN, not the first template listed', () => {
    expect(dropDefaults({ templates, eventCodes: [eventCode('SIM_SWAP')], nodes: [], ownEventCode: 'SIM_SWAP' }).template).toBe('WELCOME_SMS');
  });

  it('follows the channel the workflow already messages on', () => {
    const nodes = [{ id: 'n1', kind: 'communication', template: 'B_PUSH' }] as const;
    expect(dropDefaults({ templates, eventCodes: [], nodes: [...nodes], ownEventCode: 'X' }).template).toBe('B_PUSH');
  });

  it('never links a workflow to its own event code, and prefers an enabled one', () => {
    const eventCodes = [eventCode('A_OFF', [], false), eventCode('OWN'), eventCode('TOP_UP')];
    expect(dropDefaults({ templates, eventCodes, nodes: [], ownEventCode: 'OWN' }).eventCode).toBe('TOP_UP');
    expect(dropDefaults({ templates, eventCodes: [eventCode('OWN')], nodes: [], ownEventCode: 'OWN' }).eventCode).toBeUndefined();
  });
});
