import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEARCH_ATTRIBUTES } from './temporal';

// The dev-stack launcher registers search attributes from the JSON file (it runs before any
// TypeScript is built); this keeps the two lists from drifting apart.
describe('search attributes', () => {
  it('match the JSON list the Temporal launcher registers', () => {
    const file = path.join(__dirname, '..', 'search-attributes.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(SEARCH_ATTRIBUTES);
  });
});
