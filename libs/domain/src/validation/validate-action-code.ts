import type { z } from 'zod';
import { getActionType } from '../action-types/registry';
import { actionCodeReferences } from '../action-types/catalog-references';
import type { ActionCode } from '../catalog/action-code.schema';
import type { CatalogView } from '../catalog/catalog-document.schema';
import type { ActionCodeProblem } from './problem';
import { plainIssueText } from './issue-text';

export interface ValidateActionCodeOptions {
  /** Publishing needs effective providers; drafts only get a warning. */
  forPublish?: boolean;
}

type CatalogRefs = Pick<CatalogView, 'actionCodes' | 'providers' | 'serviceTypes' | 'templates'>;

/**
 * Checks an action code against its action type's parameter schema and the catalog entries it
 * refers to (provider, service type, template, compensation).
 */
export function validateActionCode(actionCode: ActionCode, catalog: CatalogRefs, options: ValidateActionCodeOptions = {}): ActionCodeProblem[] {
  const type = getActionType(actionCode.actionType);
  if (!type) {
    return [{ severity: 'error', code: 'UNKNOWN_ACTION_TYPE', field: 'actionType', message: `Action type ${actionCode.actionType} does not exist.` }];
  }
  const parameters = actionCode.parameters ?? {};
  const problems: ActionCodeProblem[] = [];
  const parsed = type.parameters.safeParse(parameters);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...issueProblems(issue, parameters, type.title));
  }
  problems.push(...referenceProblems(actionCode, catalog, options));
  if (actionCode.compensation !== undefined) {
    if (!type.compensable) {
      problems.push({ severity: 'error', code: 'COMPENSATION_NOT_SUPPORTED', field: 'compensation', message: `A ${type.title.toLowerCase()} action cannot be undone, so it cannot have a compensation.` });
    } else if (actionCode.compensation === actionCode.code) {
      problems.push({ severity: 'error', code: 'COMPENSATION_IS_SELF', field: 'compensation', message: 'An action code cannot be its own compensation.' });
    } else if (!catalog.actionCodes.has(actionCode.compensation)) {
      problems.push({ severity: 'error', code: 'UNKNOWN_COMPENSATION', field: 'compensation', message: `Compensation action code ${actionCode.compensation} does not exist.` });
    }
  }
  return problems;
}

function issueProblems(issue: z.core.$ZodIssue, parameters: Record<string, unknown>, typeTitle: string): ActionCodeProblem[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const path = [...issue.path.map(String), key].join('.');
      return { severity: 'error', code: 'UNKNOWN_PARAMETER', field: `parameters.${path}`, message: `Parameter ${path} is not a parameter of a ${typeTitle.toLowerCase()} action.` };
    });
  }
  const path = issue.path.map(String).join('.');
  const value = issue.path.reduce<unknown>((v, key) => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined), parameters);
  const missing = value === undefined && issue.code === 'invalid_type';
  const detail = missing ? 'is required' : plainIssueText(issue, value);
  const joiner = /^[a-z]/.test(detail) ? ' ' : ': ';
  return [
    {
      severity: 'error',
      code: missing ? 'MISSING_PARAMETER' : 'INVALID_PARAMETER',
      field: path ? `parameters.${path}` : 'parameters',
      message: `Parameter ${path || '(all)'}${joiner}${detail}.`.replace(/\.\.$/, '.'),
    },
  ];
}

function referenceProblems(actionCode: ActionCode, catalog: CatalogRefs, options: ValidateActionCodeOptions): ActionCodeProblem[] {
  const problems: ActionCodeProblem[] = [];
  // Which parameters name which entries comes from the action type's schema (catalogRef).
  for (const { kind, code, field } of actionCodeReferences(actionCode)) {
    switch (kind) {
      case 'providers': {
        const found = catalog.providers.get(code);
        if (!found) {
          problems.push({ severity: 'error', code: 'UNKNOWN_PROVIDER', field, message: `Provider ${code} does not exist.` });
        } else if (found.state !== 'effective') {
          problems.push({
            severity: options.forPublish ? 'error' : 'warning',
            code: 'PROVIDER_NOT_EFFECTIVE',
            field,
            message: `Provider ${code} is ${found.state}, not effective: set it effective before publishing a workflow that uses ${actionCode.code}.`,
          });
        }
        break;
      }
      case 'serviceTypes': {
        const found = catalog.serviceTypes.get(code);
        if (!found) {
          problems.push({ severity: 'error', code: 'UNKNOWN_SERVICE_TYPE', field, message: `Service type ${code} does not exist.` });
        } else if (!found.telco && !found.permitted) {
          problems.push({ severity: 'warning', code: 'SERVICE_TYPE_NOT_PERMITTED', field, message: `Service type ${code} is not permitted for provisioning, so its orders will not be sent.` });
        }
        break;
      }
      case 'templates':
        if (!catalog.templates.has(code)) problems.push({ severity: 'error', code: 'UNKNOWN_TEMPLATE', field, message: `Template ${code} does not exist.` });
        break;
      case 'actionCodes':
        if (code === actionCode.code) problems.push({ severity: 'error', code: 'SELF_REFERENCE', field, message: `An action code cannot name itself (${code}).` });
        else if (!catalog.actionCodes.has(code)) problems.push({ severity: 'error', code: 'UNKNOWN_ACTION_CODE', field, message: `Action code ${code} does not exist.` });
        break;
    }
  }
  problems.push(...distributionProblems(actionCode, catalog));
  problems.push(...channelProviderProblems(actionCode, catalog));
  return problems;
}

/** A communication's provider must speak its channel (a push provider for a push template…). */
function channelProviderProblems(actionCode: ActionCode, catalog: CatalogRefs): ActionCodeProblem[] {
  if (actionCode.actionType !== 'communication') return [];
  const { provider: providerCode, template: templateCode, channel: override } = (actionCode.parameters ?? {}) as { provider?: unknown; template?: unknown; channel?: unknown };
  if (typeof providerCode !== 'string') return [];
  const provider = catalog.providers.get(providerCode);
  const template = typeof templateCode === 'string' ? catalog.templates.get(templateCode) : undefined;
  const channel = typeof override === 'string' ? override : template?.channel;
  if (!provider || !channel) return [];
  const mismatch = channelProviderMismatch(channel, provider.protocol, providerCode);
  return mismatch ? [{ severity: 'error', code: 'CHANNEL_PROVIDER_MISMATCH', field: 'parameters.provider', message: mismatch }] : [];
}

/**
 * Why a message on `channel` cannot go through a provider speaking `protocol`, or undefined when
 * it can (or the channel is not known yet: the template's own problem says so).
 */
export function channelProviderMismatch(channel: string | undefined, protocol: string, providerCode: string): string | undefined {
  if (!channel || channel === protocol) return undefined;
  if (channel === 'email') return `Email goes through the worker's SMTP server: remove the provider ${providerCode}.`;
  return `Provider ${providerCode} uses the ${protocol} protocol; a message on the ${channel} channel needs a provider with protocol ${channel}.`;
}

/**
 * A provisioning code whose service no distributor of its provider may provision, when one of
 * them is required: every order it builds would be refused, so it is an error now.
 */
function distributionProblems(actionCode: ActionCode, catalog: CatalogRefs): ActionCodeProblem[] {
  const { provider: providerCode, serviceType } = (actionCode.parameters ?? {}) as { provider?: unknown; serviceType?: unknown };
  if (typeof providerCode !== 'string' || typeof serviceType !== 'string') return [];
  const distributors = catalog.providers.get(providerCode)?.distributors ?? [];
  const required = distributors.find((d) => d.required);
  if (!required || distributors.some((d) => d.services.includes(serviceType))) return [];
  return [
    {
      severity: 'error',
      code: 'SERVICE_NOT_DISTRIBUTED',
      field: 'parameters.serviceType',
      message: `No distributor of provider ${providerCode} provisions ${serviceType}, and distributor ${required.code} is required: every order would be refused (rule ${required.code}/required).`,
    },
  ];
}
