import { z } from 'zod';
import { Name, ServiceTypeCode, Slug } from '../common/ids';

/** Services that may not be provisioned together for one subject (e.g. two exclusive TV bouquets). */
export const DistributorRestriction = z.strictObject({
  name: Slug.describe('Rule name, shown when it refuses an order'),
  services: z.array(ServiceTypeCode).min(2, { error: 'needs at least two services that exclude each other' }).max(50),
});

/** A service that needs another one active for the same subject. */
export const DistributorDependency = z.strictObject({
  name: Slug.describe('Rule name, shown when it refuses an order'),
  service: ServiceTypeCode,
  requires: ServiceTypeCode,
});

/**
 * A distributor of a provider (CRM.COM's provisioning distributors): the services it may
 * provision, which of them exclude each other, which need another, and whether every order to
 * the provider must go through a distributor.
 */
export const ProviderDistributor = z.strictObject({
  code: Slug,
  name: Name,
  services: z.array(ServiceTypeCode).min(1, { error: 'needs at least one service it may provision' }).max(200),
  restrictions: z.array(DistributorRestriction).max(100).default([]),
  dependencies: z.array(DistributorDependency).max(100).default([]),
  /** Orders for services no required distributor lists are refused. */
  required: z.boolean().default(false),
});
export type ProviderDistributor = z.infer<typeof ProviderDistributor>;

type Issue = { path: (string | number)[]; message: string };

/**
 * Rules that contradict themselves or name services the distributor does not provision: a
 * dependency between two services one of its restrictions excludes from each other can never be
 * met, and a service that needs itself is a mistake. Paths are relative to the provider.
 */
export function distributorProblems(distributors: readonly ProviderDistributor[]): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  distributors.forEach((d, i) => {
    const at = (...rest: (string | number)[]) => ['distributors', i, ...rest];
    if (seen.has(d.code)) issues.push({ path: at('code'), message: `distributor ${d.code} is listed twice` });
    seen.add(d.code);
    const listed = new Set(d.services);
    const names = new Set<string>();
    const named = (name: string, path: (string | number)[]) => {
      if (names.has(name)) issues.push({ path, message: `rule name ${name} is used twice in distributor ${d.code}` });
      names.add(name);
    };
    d.restrictions.forEach((r, j) => {
      named(r.name, at('restrictions', j, 'name'));
      r.services.forEach((s, k) => {
        if (!listed.has(s)) issues.push({ path: at('restrictions', j, 'services', k), message: `${s} is not one of the distributor's services` });
      });
    });
    d.dependencies.forEach((dep, j) => {
      named(dep.name, at('dependencies', j, 'name'));
      for (const field of ['service', 'requires'] as const) {
        if (!listed.has(dep[field])) issues.push({ path: at('dependencies', j, field), message: `${dep[field]} is not one of the distributor's services` });
      }
      if (dep.service === dep.requires) issues.push({ path: at('dependencies', j, 'requires'), message: 'a service cannot require itself' });
      const clash = d.restrictions.find((r) => r.services.includes(dep.service) && r.services.includes(dep.requires));
      if (clash) {
        issues.push({ path: at('dependencies', j, 'requires'), message: `${dep.service} requires ${dep.requires}, which restriction ${clash.name} excludes: the rule can never be met` });
      }
    });
  });
  return issues;
}

/** Why a distributor rule refuses an order; `rule` names it (`<distributor>/<rule name>`). */
export interface DistributorRefusal {
  rule: string;
  message: string;
}

/**
 * Checks one order against the provider's distributors. `serviceType` is the order's service;
 * `activeServices` the subject's services already active at the provider. Only activations
 * (`A`, `R`) are checked: removing or changing a service never breaks a rule.
 */
export function distributorRefusal(
  distributors: readonly ProviderDistributor[],
  order: { serviceType: string; action: string; activeServices: readonly string[] },
): DistributorRefusal | undefined {
  if (distributors.length === 0 || !['A', 'R'].includes(order.action)) return undefined;
  const serving = distributors.filter((d) => d.services.includes(order.serviceType));
  if (serving.length === 0) {
    const required = distributors.find((d) => d.required);
    if (required) return { rule: `${required.code}/required`, message: `distributor ${required.code} is required and does not provision ${order.serviceType}` };
    return undefined;
  }
  const active = new Set(order.activeServices.filter((s) => s !== order.serviceType));
  for (const d of serving) {
    for (const r of d.restrictions) {
      const other = r.services.find((s) => s !== order.serviceType && active.has(s));
      if (r.services.includes(order.serviceType) && other) {
        return { rule: `${d.code}/${r.name}`, message: `restriction ${r.name} of distributor ${d.code}: ${order.serviceType} cannot be provisioned while ${other} is active` };
      }
    }
    for (const dep of d.dependencies) {
      if (dep.service === order.serviceType && !active.has(dep.requires)) {
        return { rule: `${d.code}/${dep.name}`, message: `dependency ${dep.name} of distributor ${d.code}: ${order.serviceType} requires ${dep.requires} to be active` };
      }
    }
  }
  return undefined;
}
