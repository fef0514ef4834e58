import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openUserStore, type SqliteStore } from '../../src/store/store.js';

/**
 * Registers hooks that give each test of the file a user store (`tester`) in a data directory of its own, closed and
 * removed after the test. Read `dir` and `store` inside a test (or a later beforeEach).
 */
export function freshStorePerTest(prefix = 'harmonia-store-'): { readonly dir: string; readonly store: SqliteStore } {
  let current: { dir: string; store: SqliteStore } | null = null;
  beforeEach(() => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    current = { dir, store: openUserStore({ dataDir: dir, user: 'tester', busyTimeoutMs: 1000, create: true })! };
  });
  afterEach(() => {
    current?.store.close();
    if (current) rmSync(current.dir, { recursive: true, force: true });
    current = null;
  });
  const now = () => {
    if (!current) throw new Error('freshStorePerTest: the store exists only while a test runs');
    return current;
  };
  return {
    get dir() {
      return now().dir;
    },
    get store() {
      return now().store;
    },
  };
}
