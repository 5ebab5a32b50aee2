import { afterEach, describe, expect, it } from 'vitest';
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { ReactFlowProvider } from '@xyflow/react';
import type { Role } from '../../api/api-types';
import { SessionContext } from '../../app/session';
import { CanvasStoreProvider } from '../canvas.context';
import { createCanvasStore } from '../canvas.store';
import { ProblemsList } from './ProblemsList';
import { VersionsPanel } from './VersionsPanel';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let container: HTMLElement | null = null;
afterEach(() => {
  if (root) act(() => root!.unmount());
  container?.remove();
  root = null;
  container = null;
});

function render(role: Role, children: ReactNode): HTMLElement {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  const store = createCanvasStore({ nodes: [{ id: 'start', kind: 'start' }], edges: [] });
  act(() =>
    root!.render(
      <SessionContext.Provider value={{ me: { name: 'pat', role }, signOut: () => undefined }}>
        <ReactFlowProvider>
          <CanvasStoreProvider store={store}>{children}</CanvasStoreProvider>
        </ReactFlowProvider>
      </SessionContext.Provider>,
    ),
  );
  return container;
}

const versions = (
  <VersionsPanel
    eventCode="SIM_SWAP"
    versions={[{ version: 1, publishedAt: '2026-01-02T03:04:05Z', publishedBy: 'admin' }]}
    viewing="draft"
    hasErrors={false}
    onOpen={() => undefined}
    onCompare={() => undefined}
    onPublished={() => undefined}
    onProblems={() => undefined}
  />
);
// The entry is a link and a note side by side: their texts join without a space.
const draftEntry = (el: HTMLElement) => el.querySelector('.version-list li')!.textContent;
const problemsPill = (el: HTMLElement) => el.querySelector('[aria-label="Problems"] .pill')!.textContent;

describe('wording for what the user may do with the draft', () => {
  it('does not call the draft editable, nor ready to publish, for a viewer', () => {
    expect(draftEntry(render('viewer', versions))).toBe('Draft');
    act(() => root!.unmount());
    root = null;
    const text = problemsPill(render('viewer', <ProblemsList />));
    expect(text).toBe('no problems');
    expect(text).not.toMatch(/test|publish/);
  });

  it('tells an analyst the draft is editable and ready to test, not to publish', () => {
    expect(draftEntry(render('analyst', versions))).toBe('Drafteditable');
    act(() => root!.unmount());
    root = null;
    expect(problemsPill(render('analyst', <ProblemsList />))).toBe('none — ready to test');
  });

  it('tells an admin a clean draft is ready to test and publish', () => {
    expect(problemsPill(render('admin', <ProblemsList />))).toBe('none — ready to test and publish');
  });
});
