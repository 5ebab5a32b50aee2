import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RUN_SEARCH_ATTRIBUTES } from './run-start';
import { SEARCH_ATTRIBUTES } from './temporal';

// The dev-stack launcher registers search attributes from the JSON file (it runs before any
// TypeScript is built); this keeps the two lists from drifting apart.
describe('search attributes', () => {
  it('match the JSON list the Temporal launcher registers', () => {
    const file = path.join(__dirname, '..', 'search-attributes.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(SEARCH_ATTRIBUTES);
  });

  it('type their SDK keys as the registered types', () => {
    for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
      expect(RUN_SEARCH_ATTRIBUTES[name as keyof typeof RUN_SEARCH_ATTRIBUTES]).toEqual({ name, type: type.toUpperCase() });
    }
  });
});
