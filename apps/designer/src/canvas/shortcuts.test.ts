import { describe, expect, it } from 'vitest';
import { CANVAS_SHORTCUTS, shortcutFor, type KeyPress } from './shortcuts';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('shortcutFor', () => {
  it('tells undo from redo, with Ctrl or Cmd', () => {
    expect(shortcutFor(press('z', { ctrlKey: true }), { editable: true })).toBe('undo');
    expect(shortcutFor(press('Z', { metaKey: true, shiftKey: true }), { editable: true })).toBe('redo');
    expect(shortcutFor(press('y', { ctrlKey: true }), { editable: true })).toBe('redo');
  });

  it('opens find with Ctrl+F or Cmd+F, even in a read-only view', () => {
    expect(shortcutFor(press('f', { ctrlKey: true }), { editable: false })).toBe('find');
    expect(shortcutFor(press('f', { metaKey: true }), { editable: true })).toBe('find');
    expect(shortcutFor(press('f'), { editable: true })).toBeUndefined();
  });

  it('skips what edits when the view is read only', () => {
    expect(shortcutFor(press('Delete'), { editable: false })).toBeUndefined();
    expect(shortcutFor(press('v', { ctrlKey: true }), { editable: false })).toBeUndefined();
    expect(shortcutFor(press('c', { ctrlKey: true }), { editable: false })).toBe('copy');
  });

  it('opens the sheet on ? and a menu on Shift+F10 or the Menu key', () => {
    expect(shortcutFor(press('?', { shiftKey: true }), { editable: false })).toBe('help');
    expect(shortcutFor(press('F10', { shiftKey: true }), { editable: false })).toBe('menu');
    expect(shortcutFor(press('ContextMenu'), { editable: false })).toBe('menu');
  });

  it('adds a note with Shift+N, groups with Ctrl+G and ungroups with Ctrl+Shift+G, none read only', () => {
    expect(shortcutFor(press('N', { shiftKey: true }), { editable: true })).toBe('addNote');
    expect(shortcutFor(press('n'), { editable: true })).toBeUndefined();
    expect(shortcutFor(press('g', { ctrlKey: true }), { editable: true })).toBe('group');
    expect(shortcutFor(press('G', { metaKey: true, shiftKey: true }), { editable: true })).toBe('ungroup');
    expect(shortcutFor(press('g', { ctrlKey: true }), { editable: false })).toBeUndefined();
    expect(shortcutFor(press('N', { shiftKey: true }), { editable: false })).toBeUndefined();
  });

  it('describes every shortcut it dispatches (the sheet prints this list)', () => {
    for (const s of CANVAS_SHORTCUTS) {
      expect(s.keys.length).toBeGreaterThan(0);
      expect(s.does.length).toBeGreaterThan(0);
      if (s.scope === 'canvas') expect(s.matches).toBeTypeOf('function');
    }
  });
});
