import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_CONFIG, mergeConfig, readConfigJson, validateConfigFile, type Config } from '../config/config.js';
import { usersDir } from '../config/paths.js';
import type { DatabaseFacts, DoctorFacts, PathFacts } from '../core/doctor.js';
import { SCHEMA_VERSION } from '../store/migrations.js';
import { inspectDatabase, sqliteFacts } from '../store/diagnostics.js';
import type { CommandContext } from './context.js';
import { packageVersion } from './package-root.js';

/** Collects doctor's facts: file system, configuration, every user database and the Ollama server. */

export function pathFacts(path: string): PathFacts {
  try {
    const stats = statSync(path);
    const uid = process.getuid?.();
    return {
      path,
      exists: true,
      isDirectory: stats.isDirectory(),
      mode: `0${(stats.mode & 0o777).toString(8).padStart(3, '0')}`,
      ownedByMe: uid === undefined ? null : stats.uid === uid,
    };
  } catch {
    return { path, exists: false, isDirectory: false, mode: null, ownedByMe: null };
  }
}

async function configFacts(path: string): Promise<{ facts: DoctorFacts['config']; config: Config | null }> {
  const file = pathFacts(path);
  const folder = pathFacts(dirname(path));
  let raw: unknown = null;
  try {
    raw = readConfigJson(path);
    const config = raw === null ? DEFAULT_CONFIG : mergeConfig(await validateConfigFile(raw, path));
    return { facts: { file, folder, valid: true, error: null, badKey: null }, config };
  } catch (error) {
    const { documentIssue } = await import('../config/keys.js');
    const badKey = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (documentIssue(raw as Record<string, unknown>)?.key ?? null) : null;
    return { facts: { file, folder, valid: false, error: (error as Error).message, badKey: badKey || null }, config: null };
  }
}

/** The zone the commands would use (--tz, HARMONIA_TZ, TZ, config, system), or what is wrong with it. */
async function timezoneFacts(ctx: CommandContext, config: Config | null): Promise<DoctorFacts['timezone']> {
  const { isValidTimeZone, systemTimeZone } = await import('../time/zone.js');
  const candidates: [string | null | undefined, string][] = [
    [ctx.globals.tz, '--tz'],
    [ctx.env.HARMONIA_TZ, 'HARMONIA_TZ'],
    [ctx.env.TZ, 'TZ'],
    [config?.timezone, 'the config file'],
  ];
  for (const [value, origin] of candidates) {
    if (value === undefined || value === null || value === '') continue;
    const zone = value.startsWith(':') ? value.slice(1) : value;
    if (!isValidTimeZone(zone)) return { zone: null, origin, error: `invalid time zone ${JSON.stringify(value)} (from ${origin})` };
    return { zone, origin, error: null };
  }
  return { zone: systemTimeZone(), origin: 'the system', error: null };
}

function databaseFacts(dataDir: string, busyTimeoutMs: number): DatabaseFacts[] {
  const folder = usersDir(dataDir);
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith('.db')).sort();
  } catch {
    return [];
  }
  return names.map((name) => {
    const path = join(folder, name);
    return {
      user: name.slice(0, -3),
      file: pathFacts(path),
      sidecars: ['-wal', '-shm'].map((suffix) => pathFacts(path + suffix)).filter((p) => p.exists),
      ...inspectDatabase(path, busyTimeoutMs),
    };
  });
}

async function ollamaFacts(ctx: CommandContext, config: Config, fetchImpl?: typeof fetch): Promise<DoctorFacts['ollama']> {
  const { isLocalHost, probeOllama, resolveOllamaHost } = await import('../extract/ollama.js');
  const extractor = ctx.env.HARMONIA_EXTRACTOR || config.extractor;
  const [rawHost, hostOrigin] = ctx.env.OLLAMA_HOST ? [ctx.env.OLLAMA_HOST, 'OLLAMA_HOST'] : [config.ollama.host, config.ollama.host === DEFAULT_CONFIG.ollama.host ? 'default' : 'the config file'];
  const model = ctx.env.HARMONIA_MODEL || config.ollama.model;
  let host: string;
  try {
    host = resolveOllamaHost(rawHost);
  } catch (error) {
    return { extractor, host: rawHost, hostOrigin, local: true, model, reachable: false, version: null, modelPulled: null, error: (error as Error).message };
  }
  const facts: DoctorFacts['ollama'] = { extractor, host, hostOrigin, local: isLocalHost(host), model, reachable: null, version: null, modelPulled: null, error: null };
  if (extractor !== 'auto' && extractor !== 'ollama') return facts;
  // A more patient probe than remember's: doctor is run by hand and should not call a slow server down.
  const probe = await probeOllama({ host, model, timeoutMs: config.ollama.probeTimeoutMs * 4, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  facts.version = probe.version ?? null;
  if (probe.ok) return { ...facts, reachable: true, modelPulled: true };
  return { ...facts, reachable: probe.reachable, modelPulled: probe.reachable ? false : null, error: probe.reason };
}

export async function collectFacts(ctx: CommandContext): Promise<DoctorFacts> {
  const { facts: config, config: loaded } = await configFacts(ctx.configPath);
  const effective = loaded ?? DEFAULT_CONFIG;
  const dataDir = ctx.dataDir;
  return {
    harmonia: { version: packageVersion() },
    node: { version: process.versions.node },
    sqlite: sqliteFacts(),
    dataDir: pathFacts(dataDir),
    usersDir: pathFacts(usersDir(dataDir)),
    config,
    timezone: await timezoneFacts(ctx, loaded),
    expectedSchemaVersion: SCHEMA_VERSION,
    databases: databaseFacts(dataDir, effective.storage.busyTimeoutMs),
    ollama: await ollamaFacts(ctx, effective),
  };
}
