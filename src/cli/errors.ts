import { HarmoniaError, type ErrorCode } from '../core/errors.js';
import { storageFailure } from '../store/db.js';

/** The exit codes of the contract (SPEC section 3), in one place. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  llm: 4,
  storage: 5,
} as const;

const EXIT_BY_CODE: Record<ErrorCode, number> = {
  usage: EXIT.usage,
  invalid_input: EXIT.usage,
  ambiguous: EXIT.usage,
  not_found: EXIT.notFound,
  llm_unavailable: EXIT.llm,
  llm_invalid_output: EXIT.llm,
  storage: EXIT.storage,
  locked: EXIT.storage,
  corrupt: EXIT.storage,
  internal: EXIT.failure,
};

interface CommanderLikeError {
  name: string;
  code: string;
  exitCode: number;
  message: string;
}

/**
 * Told by its code ("commander.unknownOption", "commander.version"...) and exit code, not by its name: commander names
 * its errors after their class, and the bundle does not keep class names (scripts/bundle.mjs).
 */
function isCommanderError(error: unknown): error is CommanderLikeError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    (error as { code: string }).code.startsWith('commander.') &&
    typeof (error as { exitCode?: unknown }).exitCode === 'number'
  );
}

export interface ErrorReport {
  exitCode: number;
  code: string;
  message: string;
  hint?: string;
}

/** Classifies any thrown value: message, error code and exit code. */
export function classifyError(error: unknown): ErrorReport {
  if (isCommanderError(error)) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return { exitCode: EXIT.ok, code: 'ok', message: '' };
    }
    if (error.code === 'commander.executeSubCommandAsync') return { exitCode: EXIT.ok, code: 'ok', message: '' };
    return {
      exitCode: EXIT.usage,
      code: 'usage',
      message: error.message.replace(/^error: /, ''),
      hint: 'see `harmonia --help` or `harmonia <command> --help`',
    };
  }
  const mapped = error instanceof HarmoniaError ? error : storageFailure(error, 'the database');
  if (mapped instanceof HarmoniaError) {
    return { exitCode: EXIT_BY_CODE[mapped.code], code: mapped.code, message: mapped.message, hint: mapped.hint };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT.failure, code: 'internal', message: `unexpected error: ${message}`, hint: 'run again with --debug for details' };
}

/** Prints the error on stderr (one line, a hint line, JSON with --json, the stack with --debug); returns the exit code. */
export function reportError(
  error: unknown,
  stderr: NodeJS.WritableStream,
  options: { json: boolean; debug: boolean },
): number {
  const report = classifyError(error);
  if (report.exitCode === EXIT.ok) return EXIT.ok;
  const firstLine = report.message.split('\n')[0] ?? '';
  stderr.write(`harmonia: ${firstLine}\n`);
  if (report.hint) stderr.write(`hint: ${report.hint}\n`);
  if (options.json) stderr.write(`${JSON.stringify({ error: { code: report.code, message: firstLine } })}\n`);
  if (options.debug && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
  return report.exitCode;
}
