import type { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { DEFAULT_CONFIG } from './config.js';
import { configFileSchema } from './schema.js';

/**
 * The settings `harmonia config` reads and writes, as dotted keys (`ollama.host`), derived from the zod schema of the
 * config file so the two cannot drift: kinds, choices and bounds come from the schema; descriptions and environment
 * variables are listed here.
 */

export type SettingKind = 'string' | 'integer' | 'number' | 'boolean' | 'enum';

export interface Setting {
  key: string;
  kind: SettingKind;
  choices?: readonly string[];
  min?: number;
  max?: number;
  /** Environment variables that override the file, strongest first. */
  env: readonly string[];
  default: unknown;
  description: string;
}

const DESCRIPTIONS: Record<string, string> = {
  'ollama.host': 'Ollama server URL (host:port or http(s)://host[:port])',
  'ollama.model': 'model the ollama extractor uses',
  'ollama.timeoutMs': 'bound on each request to Ollama, in ms',
  'ollama.probeTimeoutMs': 'how long --extractor auto waits for Ollama to answer, in ms',
  'ollama.concurrency': 'LLM requests in flight during remember --batch',
  extractor: 'who extracts memories: auto, ollama, rules or raw',
  timezone: 'IANA time zone for relative times and tables (default: the system zone)',
  format: 'default output format (default: table on a terminal, else json)',
  'conflicts.policy': 'what to do when a new memory conflicts with one already there',
  'storage.busyTimeoutMs': 'how long a write waits for another process holding the file, in ms',
  'limits.maxMessageBytes': 'largest message remember accepts, in bytes',
  'secrets.redact': 'replace secrets (keys, tokens, passwords) in messages before they are stored',
};

const ENV: Record<string, readonly string[]> = {
  'ollama.host': ['OLLAMA_HOST'],
  'ollama.model': ['HARMONIA_MODEL'],
  extractor: ['HARMONIA_EXTRACTOR'],
  timezone: ['HARMONIA_TZ', 'TZ'],
};

interface SchemaNode {
  def: { type: string };
  shape?: Record<string, SchemaNode>;
  options?: readonly string[];
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  unwrap?: () => SchemaNode;
}

function leafSetting(key: string, node: SchemaNode): Setting {
  const base = { key, env: ENV[key] ?? [], default: lookup(DEFAULT_CONFIG as unknown as Record<string, unknown>, key), description: DESCRIPTIONS[key] ?? '' };
  switch (node.def.type) {
    case 'enum':
      return { ...base, kind: 'enum', choices: node.options ?? [] };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'number': {
      const bounds = {
        ...(node.minValue !== null && node.minValue !== undefined && Number.isFinite(node.minValue) ? { min: node.minValue } : {}),
        ...(node.maxValue !== null && node.maxValue !== undefined && Number.isFinite(node.maxValue) ? { max: node.maxValue } : {}),
      };
      return { ...base, kind: node.isInt ? 'integer' : 'number', ...bounds };
    }
    default:
      return { ...base, kind: 'string' };
  }
}

function walk(node: SchemaNode, prefix: string, out: Setting[]): void {
  const inner = node.def.type === 'optional' && node.unwrap ? node.unwrap() : node;
  if (inner.def.type === 'object' && inner.shape) {
    for (const [name, child] of Object.entries(inner.shape)) walk(child, prefix === '' ? name : `${prefix}.${name}`, out);
    return;
  }
  out.push(leafSetting(prefix, inner));
}

export const SETTINGS: readonly Setting[] = (() => {
  const out: Setting[] = [];
  walk(configFileSchema as unknown as SchemaNode, '', out);
  return out;
})();

export const SETTING_KEYS: readonly string[] = SETTINGS.map((s) => s.key);

export function findSetting(key: string): Setting {
  const setting = SETTINGS.find((s) => s.key === key);
  if (!setting) {
    throw new UsageError(`unknown config key ${JSON.stringify(key)}`, { hint: `keys: ${SETTING_KEYS.join(', ')}` });
  }
  return setting;
}

/** What a setting accepts, for hints: "one of: auto, ollama, rules, raw", "a whole number from 100 to 600000". */
export function describeAccepted(setting: Setting): string {
  switch (setting.kind) {
    case 'enum':
      return `one of: ${setting.choices!.join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'integer':
    case 'number': {
      const what = setting.kind === 'integer' ? 'a whole number' : 'a number';
      if (setting.min !== undefined && setting.max !== undefined) return `${what} from ${setting.min} to ${setting.max}`;
      return what;
    }
    default:
      return TEXT_ACCEPTS[setting.key] ?? 'text';
  }
}

const TEXT_ACCEPTS: Record<string, string> = {
  timezone: 'an IANA time zone such as Europe/Paris',
  'ollama.host': 'an http(s) URL or host:port, e.g. http://127.0.0.1:11434',
  'ollama.model': 'a model name, e.g. llama3.2:3b',
};

const TRUE = ['true', 'yes', 'on', '1'];
const FALSE = ['false', 'no', 'off', '0'];

/** Turns the text typed after `config set KEY` into the setting's type; usage error (exit 2) naming what it accepts. */
export function parseSettingValue(setting: Setting, text: string): unknown {
  const invalid = (): UsageError =>
    new UsageError(`invalid value ${JSON.stringify(text)} for ${setting.key}`, { hint: `${setting.key} takes ${describeAccepted(setting)}` });
  const trimmed = text.trim();
  switch (setting.kind) {
    case 'enum':
      if (!setting.choices!.includes(trimmed)) throw invalid();
      return trimmed;
    case 'boolean':
      if (TRUE.includes(trimmed.toLowerCase())) return true;
      if (FALSE.includes(trimmed.toLowerCase())) return false;
      throw invalid();
    case 'integer':
    case 'number': {
      const pattern = setting.kind === 'integer' ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
      const n = Number(trimmed.replace(/_/g, ''));
      if (!pattern.test(trimmed.replace(/_/g, '')) || !Number.isFinite(n)) throw invalid();
      if ((setting.min !== undefined && n < setting.min) || (setting.max !== undefined && n > setting.max)) throw invalid();
      return n;
    }
    default:
      if (trimmed === '') throw invalid();
      return trimmed;
  }
}

export function lookup(doc: Record<string, unknown>, key: string): unknown {
  let node: unknown = doc;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** A copy of the document with the key set (missing parent objects created). */
export function withSetting(doc: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(doc);
  const parts = key.split('.');
  let node = copy;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
  return copy;
}

/** A copy without the key; parent objects left empty are removed too. */
export function withoutSetting(doc: Record<string, unknown>, key: string): { doc: Record<string, unknown>; removed: boolean } {
  const copy = structuredClone(doc);
  const parts = key.split('.');
  const trail: Record<string, unknown>[] = [copy];
  for (const part of parts.slice(0, -1)) {
    const next = trail[trail.length - 1]![part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) return { doc: copy, removed: false };
    trail.push(next as Record<string, unknown>);
  }
  const leaf = parts[parts.length - 1]!;
  const parent = trail[trail.length - 1]!;
  if (!(leaf in parent)) return { doc: copy, removed: false };
  delete parent[leaf];
  for (let i = trail.length - 1; i > 0; i--) {
    if (Object.keys(trail[i]!).length === 0) delete trail[i - 1]![parts[i - 1]!];
  }
  return { doc: copy, removed: true };
}

export type SettingSource = 'default' | 'file' | 'env';

export interface EffectiveSetting {
  key: string;
  value: unknown;
  source: SettingSource;
  /** The environment variable the value came from. */
  env?: string;
}

/** Each setting's value and where it comes from: environment > config file > default (flags apply per command). */
export function effectiveSettings(file: Record<string, unknown> | null, env: Readonly<Record<string, string | undefined>>): EffectiveSetting[] {
  return SETTINGS.map((setting) => {
    for (const name of setting.env) {
      const value = env[name];
      if (value !== undefined && value !== '') return { key: setting.key, value, source: 'env', env: name };
    }
    const fromFile = file === null ? undefined : lookup(file, setting.key);
    if (fromFile !== undefined) return { key: setting.key, value: fromFile, source: 'file' };
    return { key: setting.key, value: setting.default, source: 'default' };
  });
}

/** The first thing the schema finds wrong with a whole document: the key and what is wrong; null when valid. */
export function documentIssue(doc: Record<string, unknown>): { key: string; message: string } | null {
  const result = (configFileSchema as z.ZodType).safeParse(doc);
  if (result.success) return null;
  const issue = result.error.issues[0]!;
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const key = [...issue.path, ...keys.slice(0, 1)].join('.');
  return { key, message: issue.code === 'unrecognized_keys' ? 'is not a known setting' : issue.message };
}

function acceptedHint(key: string): string {
  const setting = SETTINGS.find((s) => s.key === key);
  return setting ? `${setting.key} takes ${describeAccepted(setting)}` : `keys: ${SETTING_KEYS.join(', ')}`;
}

/** A usage error naming the key and what it accepts when the document is invalid. */
export function validateDocument(doc: Record<string, unknown>, path: string): void {
  const issue = documentIssue(doc);
  if (issue) throw new UsageError(`invalid config file ${path}: ${issue.key || '(root)'} ${issue.message}`, { hint: acceptedHint(issue.key) });
}

/** After `config set KEY VALUE`: a problem with the new value is reported as such, one elsewhere as the file's. */
export function validateNewValue(doc: Record<string, unknown>, path: string, key: string, text: string): void {
  const issue = documentIssue(doc);
  if (issue?.key === key) throw new UsageError(`invalid value ${JSON.stringify(text)} for ${key}: ${issue.message}`, { hint: acceptedHint(key) });
  validateDocument(doc, path);
}
