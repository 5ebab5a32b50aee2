import { describe, expect, it } from 'vitest';
import { permissions } from './session';

describe('designer permissions', () => {
  it('lets analysts edit and test but not publish or import', () => {
    expect(permissions('analyst')).toEqual({ editCatalog: true, editDrafts: true, testRun: true, publish: false, adminOnly: false, importCatalog: false });
  });

  it('lets admins do everything', () => {
    expect(Object.values(permissions('admin')).every(Boolean)).toBe(true);
  });

  it('leaves viewers, operators and agents read-only', () => {
    for (const role of ['viewer', 'operator', 'agent'] as const) expect(Object.values(permissions(role)).some(Boolean)).toBe(false);
  });
});
