import { createContext, useContext } from 'react';
import type { ReactFlowState } from '@xyflow/react';

/**
 * Below this zoom a step is drawn as a light box with its title only: its details are unreadable
 * there anyway, and a zoomed-out view of a large graph would otherwise hold thousands of elements.
 * A light box has no handles: React Flow then has no edges to attach (the canvas draws them all
 * in one `<canvas>`, overview/OverviewEdges.tsx).
 */
export const DETAIL_MIN_ZOOM = 0.5;

/** React Flow store selector: a boolean, so a zoom gesture changes it only when crossing the threshold. */
export const zoomedOut = (s: ReactFlowState): boolean => s.transform[2] < DETAIL_MIN_ZOOM;

/**
 * Provided by FlowCanvas (its one subscription to the zoom), read by every node: a node does not
 * listen to React Flow's store itself, which changes on every drag step (1,000 listeners fewer).
 */
export const ZoomedOutContext = createContext(false);

export const useZoomedOut = (): boolean => useContext(ZoomedOutContext);
