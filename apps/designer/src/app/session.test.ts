import { describe, expect, it } from 'vitest';
import { permissions } from './session';

describe('designer permissions', () => {
  it('lets analysts edit and test but not publish, import or act on runs', () => {
    expect(permissions('analyst')).toEqual({ editCatalog: true, editDrafts: true, testRun: true, publish: false, adminOnly: false, importCatalog: false, operate: false });
  });

  it('lets admins do everything', () => {
    expect(Object.values(permissions('admin')).every(Boolean)).toBe(true);
  });

  it('lets operators signal and cancel runs and nothing else', () => {
    expect(permissions('operator')).toEqual({ editCatalog: false, editDrafts: false, testRun: false, publish: false, adminOnly: false, importCatalog: false, operate: true });
  });

  it('leaves viewers and agents read-only', () => {
    for (const role of ['viewer', 'agent'] as const) expect(Object.values(permissions(role)).some(Boolean)).toBe(false);
  });
});
