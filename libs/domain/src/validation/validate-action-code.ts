import type { z } from 'zod';
import { getActionType } from '../action-types/registry';
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
  problems.push(...referenceProblems(actionCode, parameters, catalog, options));
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

function referenceProblems(actionCode: ActionCode, parameters: Record<string, unknown>, catalog: CatalogRefs, options: ValidateActionCodeOptions): ActionCodeProblem[] {
  const problems: ActionCodeProblem[] = [];
  const { provider, serviceType, template } = parameters;
  if (typeof provider === 'string') {
    const found = catalog.providers.get(provider);
    if (!found) {
      problems.push({ severity: 'error', code: 'UNKNOWN_PROVIDER', field: 'parameters.provider', message: `Provider ${provider} does not exist.` });
    } else if (found.state !== 'effective') {
      problems.push({
        severity: options.forPublish ? 'error' : 'warning',
        code: 'PROVIDER_NOT_EFFECTIVE',
        field: 'parameters.provider',
        message: `Provider ${provider} is ${found.state}, not effective: set it effective before publishing a workflow that uses ${actionCode.code}.`,
      });
    }
  }
  if (typeof serviceType === 'string') {
    const found = catalog.serviceTypes.get(serviceType);
    if (!found) {
      problems.push({ severity: 'error', code: 'UNKNOWN_SERVICE_TYPE', field: 'parameters.serviceType', message: `Service type ${serviceType} does not exist.` });
    } else if (!found.telco && !found.permitted) {
      problems.push({
        severity: 'warning',
        code: 'SERVICE_TYPE_NOT_PERMITTED',
        field: 'parameters.serviceType',
        message: `Service type ${serviceType} is not permitted for provisioning, so its orders will not be sent.`,
      });
    }
  }
  if (typeof template === 'string' && !catalog.templates.has(template)) {
    problems.push({ severity: 'error', code: 'UNKNOWN_TEMPLATE', field: 'parameters.template', message: `Template ${template} does not exist.` });
  }
  return problems;
}
