import { reportError } from './errors.js';
import { processIo, type Io } from './io.js';
import type { CommandContext } from './context.js';

/** Runs one command line; returns the exit code. Never calls process.exit, so output is never cut short. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const json = argv.includes('--json') || argv.some((a, i) => (a === '--format' && argv[i + 1] === 'json') || a === '--format=json');
  const debug = argv.includes('--debug');
  let ctx: CommandContext | null = null;
  try {
    const { buildProgram } = await import('./program.js');
    const program = buildProgram(io, { onContext: (c) => (ctx = c) });
    await program.parseAsync([...argv], { from: 'user' });
    return (ctx as CommandContext | null)?.exitCode ?? 0;
  } catch (error) {
    return reportError(error, io.stderr, { json, debug });
  } finally {
    (ctx as CommandContext | null)?.close();
  }
}

/** The process entry point used by bin/harmonia.js. */
export async function run(): Promise<void> {
  // Files and folders we create are private whatever the caller's umask (SPEC section 2).
  process.umask(0o077);
  // `harmonia list | head -1`: the reader went away; that is a normal end, not an error.
  const quietOnEpipe = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  };
  process.stdout.on('error', quietOnEpipe);
  process.stderr.on('error', quietOnEpipe);
  process.exitCode = await main(process.argv.slice(2), processIo());
}
