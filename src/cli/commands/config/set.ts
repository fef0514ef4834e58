import { findSetting, lookup, parseSettingValue, validateNewValue, withSetting } from '../../../config/keys.js';
import type { CommandContext } from '../../context.js';
import { formatIgnoringConfig, readConfigDocument, writeConfigDocument } from '../../config-file.js';
import { printObject } from '../../output.js';

export async function run(ctx: CommandContext, _flags: Record<string, never>, key: string, text: string): Promise<void> {
  const format = formatIgnoringConfig(ctx);
  const setting = findSetting(key);
  const value = parseSettingValue(setting, text);
  const path = ctx.configPath;
  const before = readConfigDocument(path) ?? {};
  const after = withSetting(before, key, value);
  validateNewValue(after, path, key, text);
  writeConfigDocument(path, after);
  const overriding = setting.env.find((name) => ctx.env[name] !== undefined && ctx.env[name] !== '');
  if (overriding) ctx.notice(`${overriding} is set and takes precedence over ${key} in the config file`);
  const previous = lookup(before, key) ?? null;
  await printObject(ctx, { key, value, previous, path }, format, () => '');
}
