import type { FlowEdge, FlowNode } from './graph.adapter';
import type { NoteFlowNode } from './notes/note.adapter';

/** Steps and the connections between them, as copied, with any sticky notes selected with them. */
export interface CopiedSteps {
  nodes: FlowNode[];
  edges: FlowEdge[];
  notes?: NoteFlowNode[];
}

/** Where a canvas keeps what was copied; canvases that share one paste each other's steps. */
export interface StepClipboard {
  read(): CopiedSteps | null;
  write(steps: CopiedSteps | null): void;
}

/** A clipboard of its own (a canvas that shares nothing, as in tests and read-only views). */
export function privateClipboard(): StepClipboard {
  let steps: CopiedSteps | null = null;
  return { read: () => steps, write: (next) => void (steps = next) };
}

const KEY = 'signalbox.canvas.clipboard';

/**
 * The tab's clipboard for steps: every workflow's canvas reads and writes it, so steps copied in
 * one workflow paste into another. Kept in sessionStorage (a reload keeps it, another tab has its
 * own); a storage that refuses (private mode, quota) leaves it in memory for this page.
 */
export function tabClipboard(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined = globalThis.sessionStorage): StepClipboard {
  const memory = privateClipboard();
  return {
    read() {
      try {
        const text = storage?.getItem(KEY);
        if (text) return JSON.parse(text) as CopiedSteps;
      } catch {
        // unreadable: fall back to this page's copy
      }
      return memory.read();
    },
    write(steps) {
      memory.write(steps);
      try {
        if (steps) storage?.setItem(KEY, JSON.stringify(steps));
        else storage?.removeItem(KEY);
      } catch {
        // full or refused: this page keeps its copy
      }
    },
  };
}
