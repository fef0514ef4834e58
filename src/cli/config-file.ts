import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { readConfigJson } from '../config/config.js';
import { UsageError } from '../core/errors.js';
import { ensurePrivateDir } from '../store/db.js';
import { writeFileAtomicSync } from './atomic-file.js';

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
