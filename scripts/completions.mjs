#!/usr/bin/env node
// Regenerates completions/ (bash, zsh, fish) from the command tree. Run after adding a command or a flag:
//   npm run build && node scripts/completions.mjs
// test/unit/completions.test.ts fails when the files are out of step with the tree.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { buildProgram } = await import(join(root, 'dist/cli/program.js'));
const { completionScript, completionFileName, SHELLS } = await import(join(root, 'dist/cli/completion-gen.js'));

const io = { stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {}, stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false, columns: undefined, now: () => new Date() };
const program = buildProgram(io, { onContext: () => undefined });
mkdirSync(join(root, 'completions'), { recursive: true });
for (const shell of SHELLS) {
  const file = join(root, 'completions', completionFileName(shell));
  writeFileSync(file, completionScript(shell, program));
  console.error(`wrote ${file}`);
}
