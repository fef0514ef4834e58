import { describe, expect, it } from 'vitest';
import { idTime, newId, normaliseIdPrefix } from '../../src/core/ids.js';

describe('ids', () => {
  it('have the prefix, 18 lower-case base32 characters and encode their creation time', () => {
    const id = newId('mem', Date.UTC(2024, 7, 19, 14));
    expect(id).toMatch(/^mem_[0-9a-hjkmnp-tv-z]{18}$/);
    expect(idTime(id)).toBe(Date.UTC(2024, 7, 19, 14));
  });

  it('sort by creation, even within one millisecond', () => {
    const now = Date.now() + 10_000;
    const ids = Array.from({ length: 1000 }, () => newId('mem', now));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(1000);
    const later = newId('mem', now + 1);
    expect(later > ids[999]!).toBe(true);
  });

  it('accept prefixes with or without mem_, in any case', () => {
    expect(normaliseIdPrefix('01J9X3', 'mem')).toBe('mem_01j9x3');
    expect(normaliseIdPrefix('mem_01j9', 'mem')).toBe('mem_01j9');
  });
});
