import { effectiveSettings, findSetting } from '../../../config/keys.js';
import type { CommandContext } from '../../context.js';
import { formatIgnoringConfig, readConfigDocument } from '../../config-file.js';
import { printObject } from '../../output.js';

export function humanValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export async function run(ctx: CommandContext, _flags: Record<string, never>, key: string): Promise<void> {
  const format = formatIgnoringConfig(ctx);
  findSetting(key);
  const effective = effectiveSettings(readConfigDocument(ctx.configPath), ctx.env).find((s) => s.key === key)!;
  await printObject(ctx, effective, format, () => `${humanValue(effective.value)}\n`);
}
