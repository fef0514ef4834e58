import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETTINGS } from '../../src/config/keys.js';
import { DEFAULT_CONFIG } from '../../src/config/config.js';
import { runCli, tempHome } from '../helpers/cli.js';

type Env = Record<string, string>;
interface Effective {
  key: string;
  value: unknown;
  source: string;
  env?: string;
}

let home: ReturnType<typeof tempHome>;
let env: Env;
let configPath: string;
beforeEach(() => {
  home = tempHome();
  configPath = join(home.dir, 'xdg', 'harmonia', 'config.json');
  env = { ...home.env, HARMONIA_CONFIG: configPath };
});
afterEach(() => home.cleanup());

const cli = (args: string[], extra: Env = {}) => runCli(['config', ...args], { env: { ...env, ...extra } });

describe('config', () => {
  it('lists every key of the schema with its default, file or env value and source', async () => {
    const r = await cli(['list']);
    expect(r.exitCode).toBe(0);
    const { path, settings } = r.json<{ path: string; settings: Effective[] }>();
    expect(path).toBe(configPath);
    expect(settings.map((s) => s.key)).toEqual(SETTINGS.map((s) => s.key));
    expect(settings.find((s) => s.key === 'ollama.model')).toEqual({ key: 'ollama.model', value: DEFAULT_CONFIG.ollama.model, source: 'default' });
    await cli(['set', 'ollama.model', 'qwen3:4b']);
    const after = (await cli(['list'], { OLLAMA_HOST: 'http://127.0.0.1:9999' })).json<{ settings: Effective[] }>().settings;
    expect(after.find((s) => s.key === 'ollama.model')).toEqual({ key: 'ollama.model', value: 'qwen3:4b', source: 'file' });
    expect(after.find((s) => s.key === 'ollama.host')).toEqual({ key: 'ollama.host', value: 'http://127.0.0.1:9999', source: 'env', env: 'OLLAMA_HOST' });
    const table = await cli(['list', '--format', 'table']);
    expect(table.stdout).toMatch(/ollama\.model\s+│ qwen3:4b\s+│ file/);
  });

  it('set parses values by type and writes the file atomically, 0600 in a 0700 folder', async () => {
    for (const [key, value] of [['ollama.timeoutMs', '120000'], ['secrets.redact', 'false'], ['extractor', 'rules'], ['timezone', 'Europe/Paris'], ['conflicts.policy', 'ask']]) {
      const r = await cli(['set', key!, value!]);
      expect(r.exitCode, r.stderr).toBe(0);
    }
    expect(JSON.parse(readFileSync(configPath, 'utf8'))).toEqual({
      ollama: { timeoutMs: 120000 },
      secrets: { redact: false },
      extractor: 'rules',
      timezone: 'Europe/Paris',
      conflicts: { policy: 'ask' },
    });
    expect(statSync(configPath).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(configPath)).mode & 0o777).toBe(0o700);
    expect(readdirSync(dirname(configPath))).toEqual(['config.json']);
    const get = await cli(['get', 'ollama.timeoutMs', '--json']);
    expect(get.json()).toEqual({ key: 'ollama.timeoutMs', value: 120000, source: 'file' });
    expect((await cli(['get', 'timezone', '--format', 'table'], { HARMONIA_TZ: '' })).stdout).toBe('Europe/Paris\n');
    expect((await cli(['get', 'timezone', '--json'])).json()).toEqual({ key: 'timezone', value: 'UTC', source: 'env', env: 'HARMONIA_TZ' });
    // The other commands read what was written.
    const remember = await runCli(['remember', 'I have a dog called Biggie', '--dry-run'], { env });
    expect(remember.json<{ extractor: string }>().extractor).toBe('rules');
  });

  it('a bad key or value is exit 2 with the valid choices, and the file is left as it was', async () => {
    await cli(['set', 'extractor', 'raw']);
    const before = readFileSync(configPath, 'utf8');
    const cases: [string[], RegExp, RegExp][] = [
      [['set', 'extractor', 'magic'], /invalid value "magic" for extractor/, /one of: auto, ollama, rules, raw/],
      [['set', 'ollama.timeoutMs', 'soon'], /invalid value "soon" for ollama\.timeoutMs/, /whole number from 100 to 600000/],
      [['set', 'ollama.timeoutMs', '5'], /invalid value "5"/, /from 100 to 600000/],
      [['set', 'secrets.redact', 'maybe'], /invalid value "maybe"/, /true or false/],
      [['set', 'timezone', 'Mars/Base'], /invalid value "Mars\/Base" for timezone/, /IANA time zone/],
      [['set', 'ollama.host', 'ftp://example.com'], /invalid value "ftp:\/\/example\.com" for ollama\.host/, /http\(s\) URL/],
      [['set', 'ollama.colour', 'red'], /unknown config key "ollama\.colour"/, /keys: ollama\.host, ollama\.model/],
      [['get', 'nope'], /unknown config key "nope"/, /keys: /],
      [['unset', 'nope'], /unknown config key "nope"/, /keys: /],
    ];
    for (const [args, message, hint] of cases) {
      const r = await cli(args);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(hint);
    }
    expect(readFileSync(configPath, 'utf8')).toBe(before);
  });

  it('unset removes a key (and its empty section), and repairs a file with an invalid value', async () => {
    await cli(['set', 'ollama.model', 'qwen3:4b']);
    await cli(['set', 'format', 'ndjson']);
    expect((await cli(['unset', 'ollama.model', '--json'])).json()).toMatchObject({ key: 'ollama.model', removed: true });
    expect(JSON.parse(readFileSync(configPath, 'utf8'))).toEqual({ format: 'ndjson' });
    const again = await cli(['unset', 'ollama.model']);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toMatch(/ollama\.model is not set/);
    writeFileSync(configPath, JSON.stringify({ extractor: 'magic', colour: 'red' }));
    expect((await runCli(['list'], { env })).exitCode).toBe(2);
    expect((await cli(['set', 'format', 'json'])).stderr).toMatch(/invalid config file .*extractor/);
    expect((await cli(['unset', 'extractor'])).exitCode).toBe(0);
    expect((await cli(['unset', 'colour'])).exitCode).toBe(0);
    expect(JSON.parse(readFileSync(configPath, 'utf8'))).toEqual({});
    expect((await runCli(['list'], { env })).exitCode).toBe(0);
  });

  it('path prints where the file is, existing or not', async () => {
    expect((await cli(['path', '--format', 'table'])).stdout).toBe(`${configPath}\n`);
    expect((await cli(['path', '--json'])).json()).toEqual({ path: configPath, exists: false });
    expect(existsSync(configPath)).toBe(false);
    const flag = await runCli(['--config', join(home.dir, 'other.json'), 'config', 'path', '--json'], { env });
    expect(flag.json()).toMatchObject({ path: join(home.dir, 'other.json') });
  });
});
