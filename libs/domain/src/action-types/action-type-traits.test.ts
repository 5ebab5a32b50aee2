import { describe, expect, it } from 'vitest';
import { ACTION_TYPE_KEYS, ACTION_TYPE_TRAITS, isCompensable } from './action-type-traits';
import { ACTION_TYPES } from './registry';

describe('action type traits', () => {
  it('name exactly the action types of the registry, in its order, with the same compensability', () => {
    expect(ACTION_TYPE_KEYS).toEqual(ACTION_TYPES.map((t) => t.key));
    for (const t of ACTION_TYPES) expect(ACTION_TYPE_TRAITS[t.key as keyof typeof ACTION_TYPE_TRAITS].compensable).toBe(t.compensable);
  });

  it('says an unknown or inherited key is not compensable', () => {
    expect(isCompensable('provisioning')).toBe(true);
    expect(isCompensable('communication')).toBe(false);
    expect(isCompensable('no-such-type')).toBe(false);
    expect(isCompensable('constructor')).toBe(false);
  });
});
