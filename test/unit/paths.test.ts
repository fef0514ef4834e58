import { describe, expect, it } from 'vitest';
import { resolveConfigPath, resolveDataDir, resolveUserId, userDbPath, validateUserId } from '../../src/config/paths.js';
import { UsageError } from '../../src/core/errors.js';

describe('user ids', () => {
  it.each(['alice', 'a', 'bob.smith', 'x_y-z', 'me@example.com', 'A1', 'a'.repeat(64)])('accepts %s', (id) => {
    expect(validateUserId(id)).toBe(id);
  });

  it.each(['', '../x', 'a/b', 'a\\b', '.hidden', 'a'.repeat(65), 'a b', 'nul\u0000', 'ａlice', 'tab\t', '..'])('rejects %j', (id) => {
    expect(() => validateUserId(id)).toThrow(UsageError);
  });

  it('come from the flag, then HARMONIA_USER, then the OS', () => {
    expect(resolveUserId('flag', { HARMONIA_USER: 'env' })).toBe('flag');
    expect(resolveUserId(undefined, { HARMONIA_USER: 'env' })).toBe('env');
    expect(resolveUserId(undefined, {})).toMatch(/^[A-Za-z0-9_@-][A-Za-z0-9._@-]*$/);
    expect(() => resolveUserId(undefined, { HARMONIA_USER: '../etc' })).toThrow(/HARMONIA_USER/);
  });

  it('name a file inside the data dir only', () => {
    expect(userDbPath('/data', 'alice')).toBe('/data/users/alice.db');
    expect(() => userDbPath('/data', '../../etc/passwd')).toThrow(UsageError);
  });
});

describe('data dir and config path', () => {
  it('follow flag > HARMONIA_HOME > XDG (absolute only) > ~/.local/share', () => {
    expect(resolveDataDir('/flag', { HARMONIA_HOME: '/env' })).toBe('/flag');
    expect(resolveDataDir(undefined, { HARMONIA_HOME: '/env', XDG_DATA_HOME: '/xdg' })).toBe('/env');
    expect(resolveDataDir(undefined, { XDG_DATA_HOME: '/xdg', HOME: '/home/u' })).toBe('/xdg/harmonia');
    expect(resolveDataDir(undefined, { XDG_DATA_HOME: 'relative', HOME: '/home/u' })).toBe('/home/u/.local/share/harmonia');
  });

  it('config follows flag > HARMONIA_CONFIG > XDG_CONFIG_HOME > ~/.config', () => {
    expect(resolveConfigPath(undefined, { HARMONIA_CONFIG: '/c.json' })).toBe('/c.json');
    expect(resolveConfigPath(undefined, { XDG_CONFIG_HOME: '/xdg', HOME: '/h' })).toBe('/xdg/harmonia/config.json');
    expect(resolveConfigPath(undefined, { HOME: '/h' })).toBe('/h/.config/harmonia/config.json');
  });
});
