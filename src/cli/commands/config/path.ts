import { existsSync } from 'node:fs';
import type { CommandContext } from '../../context.js';
import { formatIgnoringConfig } from '../../config-file.js';
import { printObject } from '../../output.js';

export async function run(ctx: CommandContext): Promise<void> {
  const format = formatIgnoringConfig(ctx);
  const path = ctx.configPath;
  await printObject(ctx, { path, exists: existsSync(path) }, format, () => `${path}\n`);
}
