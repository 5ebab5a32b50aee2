import { createContext, useContext } from 'react';
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

/** What a role may do in the designer; the API refuses the rest anyway. */
export function permissions(role: Role) {
  return {
    editCatalog: role === 'analyst' || role === 'admin',
    editDrafts: role === 'analyst' || role === 'admin',
    testRun: role === 'analyst' || role === 'admin',
    publish: role === 'admin',
    adminOnly: role === 'admin',
    importCatalog: role === 'admin',
  };
}

export function usePermissions() {
  return permissions(useSession().me.role);
}
