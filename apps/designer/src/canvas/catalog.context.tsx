import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { ActionCode, CatalogView } from '@signalbox/domain';
import type { CatalogData } from '../api/catalog.data';
import { buildCatalogView } from '../domain/domain.adapter';

export interface CanvasCatalog {
  data: CatalogData;
  actionCodes: ReadonlyMap<string, ActionCode>;
  view: CatalogView;
  /** The event code whose workflow is on the canvas (drop defaults never link it to itself). */
  ownEventCode?: string;
  /** Reads the catalog again (after a step's form created an entry); absent where nothing is created. */
  reload?: () => Promise<void> | void;
}

const EMPTY: CatalogData = { eventTypes: [], eventCodes: [], actionCodes: [], actionTypes: [], templates: [], providers: [], serviceTypes: [] };
const CanvasCatalogContext = createContext<CanvasCatalog | null>(null);

export function CanvasCatalogProvider({ data, ownEventCode, reload, children }: { data: CatalogData | undefined; ownEventCode?: string; reload?: () => Promise<void> | void; children: ReactNode }) {
  const value = useMemo(() => {
    const d = data ?? EMPTY;
    const view = buildCatalogView(d);
    return { data: d, actionCodes: view.actionCodes, view, ownEventCode, ...(reload ? { reload } : {}) };
  }, [data, ownEventCode, reload]);
  return <CanvasCatalogContext.Provider value={value}>{children}</CanvasCatalogContext.Provider>;
}

export function useCanvasCatalog(): CanvasCatalog {
  const c = useContext(CanvasCatalogContext);
  if (!c) throw new Error('useCanvasCatalog outside <CanvasCatalogProvider>');
  return c;
}
