import { describe, expect, it } from 'vitest';
import { menuItems, nextEnabled, placeMenu } from './context-menu.model';

const node = { kind: 'node', nodeId: 'n1', screen: { x: 0, y: 0 } } as const;
const pane = { kind: 'pane', screen: { x: 0, y: 0 }, flow: { x: 0, y: 0 } } as const;
const ids = (items: { id: string }[]) => items.map((i) => i.id);

describe('menuItems', () => {
  it('offers open, duplicate, copy and delete on a step', () => {
    expect(ids(menuItems(node, { editable: true, canPaste: false }))).toEqual(['open', 'duplicate', 'copy', 'delete', 'group']);
    expect(ids(menuItems(node, { editable: false, canPaste: false }))).toEqual(['open', 'copy']);
  });

  it('offers paste (disabled with nothing copied), add and fit on the canvas', () => {
    expect(menuItems(pane, { editable: true, canPaste: false })).toEqual([
      { id: 'paste', label: 'Paste here', disabled: true },
      { id: 'add', label: 'Add a step here…' },
      { id: 'note', label: 'Add a note here' },
      { id: 'group', label: 'Group the selected steps', disabled: true },
      { id: 'fit', label: 'Fit view' },
    ]);
    expect(ids(menuItems(pane, { editable: false, canPaste: true }))).toEqual(['fit']);
  });

  it('groups the selection from a step, ungroups a grouped one, and offers folding even read-only', () => {
    expect(menuItems(node, { editable: true, canPaste: false, selectedSteps: 3, grouped: true }).slice(-2)).toEqual([
      { id: 'group', label: 'Group the selected steps' },
      { id: 'ungroup', label: 'Ungroup' },
    ]);
    const group = { kind: 'group', groupId: 'g1', screen: { x: 0, y: 0 }, collapsed: true } as const;
    expect(ids(menuItems(group, { editable: true, canPaste: false }))).toEqual(['toggle', 'rename', 'ungroup']);
    expect(menuItems(group, { editable: false, canPaste: false })).toEqual([{ id: 'toggle', label: 'Expand' }]);
    const note = { kind: 'note', noteId: 'note1', screen: { x: 0, y: 0 } } as const;
    expect(ids(menuItems(note, { editable: true, canPaste: false }))).toEqual(['copy', 'delete']);
    expect(menuItems(note, { editable: false, canPaste: false })).toEqual([]);
  });
});

describe('nextEnabled', () => {
  it('skips disabled items and wraps', () => {
    const items = [{ disabled: true }, {}, {}];
    expect(nextEnabled(items, -1, 1)).toBe(1);
    expect(nextEnabled(items, 2, 1)).toBe(1);
    expect(nextEnabled(items, 1, -1)).toBe(2);
    expect(nextEnabled([{ disabled: true }], 0, 1)).toBe(-1);
  });
});

describe('placeMenu', () => {
  it('keeps the menu inside the window', () => {
    expect(placeMenu({ x: 1250, y: 790 }, { width: 200, height: 150 }, { width: 1280, height: 800 })).toEqual({ x: 1076, y: 646 });
    expect(placeMenu({ x: 10, y: 10 }, { width: 200, height: 150 }, { width: 1280, height: 800 })).toEqual({ x: 10, y: 10 });
  });
});
