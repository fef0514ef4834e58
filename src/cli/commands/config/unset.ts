import { findSetting, SETTING_KEYS, withoutSetting } from '../../../config/keys.js';
import type { CommandContext } from '../../context.js';
import { formatIgnoringConfig, readConfigDocument, writeConfigDocument } from '../../config-file.js';
import { printObject } from '../../output.js';

/** Removes a key. The file is not validated first, so unsetting a bad value is how a broken file is repaired. */
export async function run(ctx: CommandContext, _flags: Record<string, never>, key: string): Promise<void> {
  const format = formatIgnoringConfig(ctx);
  const path = ctx.configPath;
  const doc = readConfigDocument(path);
  const removal = doc === null ? null : withoutSetting(doc, key);
  // A key the schema does not know may still sit in a hand-edited file: unset removes it; otherwise it is a typo.
  if (!SETTING_KEYS.includes(key) && !removal?.removed) findSetting(key);
  if (removal?.removed) writeConfigDocument(path, removal.doc);
  else ctx.notice(`${key} is not set in ${path}`);
  await printObject(ctx, { key, removed: removal?.removed ?? false, path }, format, () => '');
}
