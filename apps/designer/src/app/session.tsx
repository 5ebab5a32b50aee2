import { createContext, useContext } from 'react';
import { allows } from '@signalbox/domain';
import type { Me, Role } from '../api/api-types';

export interface Session {
  me: Me;
  signOut(): void;
}
export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in app');
  return s;
}

/** What a role may do in the designer, from the API's permission table; the API refuses the rest anyway. */
export function permissions(role: Role) {
  const edit = allows(role, 'edit');
  const admin = allows(role, 'admin');
  // Signal and cancel a run (the API's `operate` permission: operators and admins).
  const operate = allows(role, 'operate');
  return { editCatalog: edit, editDrafts: edit, testRun: edit, publish: admin, adminOnly: admin, importCatalog: admin, operate };
}

export function usePermissions() {
  return permissions(useSession().me.role);
}
