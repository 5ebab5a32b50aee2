import { API_KEY_ROLES, type ApiKeyRole } from '@signalbox/domain';
import type { FieldProblem } from '../api/api-client';

/** One row of `GET /api/keys` (the API never sends the key itself, only its id). */
export interface ApiKeyView {
  id: string;
  name: string;
  role: ApiKeyRole;
  providers: string[] | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** `POST /api/keys` answers the new key's view plus the key, this once. */
export type CreatedApiKey = ApiKeyView & { key: string };

export const KEY_ROLES = API_KEY_ROLES;

/** What each role is for, shown beside the choice so an admin hands out the least it needs. */
export const ROLE_HINTS: Record<ApiKeyRole, string> = {
  viewer: 'reads the catalog and runs',
  analyst: 'edits the catalog and drafts, runs tests',
  admin: 'everything, including publishing and keys',
  operator: 'signals, cancels and retries runs',
  agent: 'answers the service orders of named providers',
  integration: 'raises events and sends messages (upstream systems)',
};

/** The create request: providers are for agent keys only, and the API refuses them on any other. */
export function createKeyBody(input: { name: string; role: ApiKeyRole; providers: string[] }): { name: string; role: ApiKeyRole; providers?: string[] } {
  return { name: input.name.trim(), role: input.role, ...(input.role === 'agent' ? { providers: input.providers } : {}) };
}

/** Messages of the API's 422 for one field (`providers.0` belongs to `providers`). */
export function problemsOf(problems: FieldProblem[], field: string): string[] {
  return problems.filter((p) => p.path === field || p.path.startsWith(`${field}.`)).map((p) => p.message);
}

/** Live keys first (newest first), revoked ones after: the list an admin scans is the live one. */
export function sortKeys(keys: ApiKeyView[]): ApiKeyView[] {
  return [...keys].sort((a, b) => Number(!!a.revokedAt) - Number(!!b.revokedAt) || b.createdAt.localeCompare(a.createdAt));
}
