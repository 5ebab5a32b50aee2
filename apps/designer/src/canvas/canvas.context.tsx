import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { CanvasState, CanvasStore } from './canvas.store';

const CanvasStoreContext = createContext<CanvasStore | null>(null);

export function CanvasStoreProvider({ store, children }: { store: CanvasStore; children: ReactNode }) {
  return <CanvasStoreContext.Provider value={store}>{children}</CanvasStoreContext.Provider>;
}

export function useCanvasStoreApi(): CanvasStore {
  const store = useContext(CanvasStoreContext);
  if (!store) throw new Error('useCanvas must be used inside <CanvasStoreProvider>');
  return store;
}

/** Select from this canvas's store; wrap object selectors in useShallow. */
export function useCanvas<T>(selector: (s: CanvasState) => T): T {
  return useStore(useCanvasStoreApi(), selector);
}
