import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import type { ConfigFile } from './schema.js';

/** The effective values after defaults; flags and environment are applied on top by the CLI context. */
export interface Config {
  ollama: { host: string; model: string; timeoutMs: number; probeTimeoutMs: number; concurrency: number };
  extractor: 'auto' | 'ollama' | 'rules' | 'raw';
  timezone: string | null;
  format: 'table' | 'json' | 'ndjson' | 'csv' | 'tsv' | null;
  conflicts: { policy: string };
  storage: { busyTimeoutMs: number };
  limits: { maxMessageBytes: number };
  secrets: { redact: boolean };
}

export const DEFAULT_CONFIG: Config = {
  ollama: {
    host: 'http://127.0.0.1:11434',
    model: 'llama3.2:3b',
    timeoutMs: 60_000,
    probeTimeoutMs: 500,
    concurrency: 4,
  },
  extractor: 'auto',
  timezone: null,
  format: null,
  conflicts: { policy: 'auto' },
  storage: { busyTimeoutMs: 10_000 },
  limits: { maxMessageBytes: 1024 * 1024 },
  secrets: { redact: true },
};

export function mergeConfig(file: ConfigFile): Config {
  return {
    ollama: { ...DEFAULT_CONFIG.ollama, ...file.ollama },
    extractor: file.extractor ?? DEFAULT_CONFIG.extractor,
    timezone: file.timezone ?? DEFAULT_CONFIG.timezone,
    format: file.format ?? DEFAULT_CONFIG.format,
    conflicts: { ...DEFAULT_CONFIG.conflicts, ...file.conflicts },
    storage: { ...DEFAULT_CONFIG.storage, ...file.storage },
    limits: { ...DEFAULT_CONFIG.limits, ...file.limits },
    secrets: { ...DEFAULT_CONFIG.secrets, ...file.secrets },
  };
}

/** Reads the raw JSON of the config file; `null` when there is none. */
export function readConfigJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'EISDIR') throw new UsageError(`config file ${path} is a directory`);
    throw new UsageError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // editors on Windows save a byte-order mark
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`config file ${path} is not valid JSON: ${(error as Error).message}`, {
      hint: 'fix it by hand, or run `harmonia config list` after removing it',
    });
  }
}

/** Validates a config document; the error names the offending key. zod is loaded only when a file exists. */
export async function validateConfigFile(value: unknown, path: string): Promise<ConfigFile> {
  const { configFileSchema } = await import('./schema.js');
  const result = configFileSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const key = [...issue.path, ...keys.slice(0, 1)].join('.') || '(root)';
  const what = issue.code === 'unrecognized_keys' ? 'is not a known setting' : issue.message;
  throw new UsageError(`invalid config file ${path}: ${key} ${what}`, {
    hint: 'see `harmonia config list` for the valid keys',
  });
}

export async function loadConfig(path: string): Promise<Config> {
  const raw = readConfigJson(path);
  if (raw === null) return DEFAULT_CONFIG;
  return mergeConfig(await validateConfigFile(raw, path));
}
