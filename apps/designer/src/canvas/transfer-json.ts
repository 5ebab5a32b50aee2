import { WorkflowGraph } from '@signalbox/domain';
import type { CanvasStore } from './canvas.store';

export function downloadJson(filename: string, value: unknown): void {
  const blob = new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Reads a workflow graph file (a bare graph or `{ graph }`); throws a readable message. */
export function parseGraphFile(text: string): WorkflowGraph {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('The file is not JSON.');
  }
  const candidate = json && typeof json === 'object' && 'graph' in json ? (json as { graph: unknown }).graph : json;
  const parsed = WorkflowGraph.safeParse(candidate);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Not a workflow graph: ${first.join('; ')}`);
  }
  return parsed.data;
}

/** Replaces the canvas graph with the file's, as one step the user can undo. */
export function importGraphFile(store: CanvasStore, text: string): void {
  store.getState().replaceGraph(parseGraphFile(text));
}
