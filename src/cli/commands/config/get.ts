import { effectiveSettings, findSetting } from '../../../config/keys.js';
import type { CommandContext } from '../../context.js';
import { readConfigDocument } from '../../config-file.js';
import { printObject } from '../../output.js';

export function humanValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export async function run(ctx: CommandContext, _flags: Record<string, never>, key: string): Promise<void> {
  const format = await ctx.format(['table', 'json', 'ndjson']);
  findSetting(key);
  const effective = effectiveSettings(readConfigDocument(ctx.configPath), ctx.env).find((s) => s.key === key)!;
  await printObject(ctx, effective, format, () => `${humanValue(effective.value)}\n`);
}
