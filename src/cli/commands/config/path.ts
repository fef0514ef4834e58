import { existsSync } from 'node:fs';
import type { CommandContext } from '../../context.js';
import { printObject } from '../../output.js';

export async function run(ctx: CommandContext): Promise<void> {
  const format = await ctx.format(['table', 'json', 'ndjson']);
  const path = ctx.configPath;
  await printObject(ctx, { path, exists: existsSync(path) }, format, () => `${path}\n`);
}
