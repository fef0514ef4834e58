import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import type { CommandContext } from '../context.js';
import { packageRoot } from '../package-root.js';

const FILES: Record<string, string> = { bash: 'harmonia.bash', zsh: '_harmonia', fish: 'harmonia.fish' };

/** Prints the completion script shipped in completions/ (generated from the command tree). */
export async function run(ctx: CommandContext, _flags: Record<string, never>, shell: string): Promise<void> {
  const file = FILES[shell];
  if (!file) throw new UsageError(`no completion for shell ${JSON.stringify(shell)}`, { hint: `choose one of: ${Object.keys(FILES).join(', ')}` });
  await ctx.out(readFileSync(join(packageRoot(), 'completions', file), 'utf8'));
}
