import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { readConfigJson } from '../config/config.js';
import { UsageError } from '../core/errors.js';
import { ensurePrivateDir } from '../store/db.js';
import { writeFileAtomicSync } from './atomic-file.js';
import type { CommandContext } from './context.js';

/** The config file as a plain JSON object, for `harmonia config` to edit; null when there is none. */
export function readConfigDocument(path: string): Record<string, unknown> | null {
  const raw = readConfigJson(path);
  if (raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError(`config file ${path} must hold a JSON object`, { hint: 'fix it by hand, or remove it' });
  }
  return raw as Record<string, unknown>;
}

/** Writes the document atomically: 0600 file; a folder created for it is 0700. */
export function writeConfigDocument(path: string, doc: Record<string, unknown>): void {
  if (!existsSync(dirname(path))) ensurePrivateDir(dirname(path));
  writeFileAtomicSync(path, `${JSON.stringify(doc, null, 2)}\n`, 0o600);
}

/**
 * The output format of `harmonia config ...` and `doctor`: --json / --format, else table on a terminal and json otherwise. It
 * never reads the config file (whose `format` other commands honour), so a broken file can still be inspected and
 * repaired with `config get` / `config unset`.
 */
export function formatIgnoringConfig(ctx: CommandContext): 'table' | 'json' | 'ndjson' {
  const chosen = ctx.globals.json ? 'json' : (ctx.globals.format ?? (ctx.io.stdoutIsTTY ? 'table' : 'json'));
  if (chosen !== 'table' && chosen !== 'json' && chosen !== 'ndjson') {
    throw new UsageError(`invalid format ${JSON.stringify(chosen)} (from --format) for this command`, { hint: 'choose one of: table, json, ndjson' });
  }
  return chosen;
}
