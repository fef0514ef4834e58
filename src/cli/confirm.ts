import { createInterface } from 'node:readline/promises';
import { UsageError } from '../core/errors.js';
import type { CommandContext } from './context.js';

/**
 * Destructive bulk actions ask on a terminal and need --yes otherwise; they never hang waiting on a pipe.
 * Returns false when the person answered no.
 */
export async function confirmDestructive(ctx: CommandContext, question: string, yes: boolean | undefined, flagHint: string): Promise<boolean> {
  if (yes) return true;
  if (!ctx.io.stdinIsTTY || !ctx.io.stderrIsTTY) {
    throw new UsageError(`${question.replace(/\?$/, '')}: refusing without --yes when not on a terminal`, { hint: `add --yes: ${flagHint}` });
  }
  const rl = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
