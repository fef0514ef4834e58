import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { completionFileName, completionScript, SHELLS } from '../../src/cli/completion-gen.js';
import type { Io } from '../../src/cli/io.js';
import { buildProgram } from '../../src/cli/program.js';
import { runCli, tempHome } from '../helpers/cli.js';

const ROOT = resolve(import.meta.dirname, '../..');
const REGENERATE = 'run `npm run build && node scripts/completions.mjs` to regenerate completions/';

function program(): Command {
  const io: Io = {
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env: {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    columns: undefined,
    now: () => new Date(),
  };
  return buildProgram(io, { onContext: () => undefined });
}

/** Every visible command (with its path) and every long flag of the tree. */
function walk(command: Command, path: string[] = []): { commands: string[][]; flags: Set<string> } {
  const commands: string[][] = [];
  const flags = new Set<string>();
  for (const option of command.options) if (option.long && !option.hidden) flags.add(option.long);
  for (const sub of command.commands) {
    if ((sub as unknown as { _hidden: boolean })._hidden) continue;
    commands.push([...path, sub.name()]);
    const inner = walk(sub, [...path, sub.name()]);
    commands.push(...inner.commands);
    for (const flag of inner.flags) flags.add(flag);
  }
  return { commands, flags };
}

const script = (shell: (typeof SHELLS)[number]): string => readFileSync(join(ROOT, 'completions', completionFileName(shell)), 'utf8');

describe('shell completions', () => {
  const tree = walk(program());

  it.each(SHELLS)('%s: names every command and every long flag of the commander tree', (shell) => {
    const text = script(shell);
    expect(tree.commands.length).toBeGreaterThan(10);
    for (const path of tree.commands) expect(text, `${path.join(' ')} is missing; ${REGENERATE}`).toMatch(new RegExp(`\\b${path.at(-1)}\\b`));
    for (const flag of tree.flags) {
      const bare = shell === 'fish' ? `-l ${flag.slice(2)} ` : flag;
      expect(text.includes(bare), `${flag} is missing from the ${shell} completion; ${REGENERATE}`).toBe(true);
    }
  });

  it.each(SHELLS)('%s: the file is what the generator makes from the current tree', (shell) => {
    expect(script(shell), REGENERATE).toBe(completionScript(shell, program()));
  });

  it('harmonia completion <shell> prints the file; an unknown shell is exit 2', async () => {
    const home = tempHome();
    try {
      for (const shell of SHELLS) {
        const r = await runCli(['completion', shell], { env: home.env });
        expect(r.exitCode).toBe(0);
        expect(r.stdout).toBe(script(shell));
      }
      const bad = await runCli(['completion', 'powershell'], { env: home.env });
      expect(bad.exitCode).toBe(2);
      expect(bad.stderr).toMatch(/choose one of: bash, zsh, fish/);
    } finally {
      home.cleanup();
    }
  });

  const hasBash = spawnSync('bash', ['--version']).status === 0;
  it.skipIf(!hasBash)('bash: completes commands, flags, values, config keys and memory ids', async () => {
    const home = tempHome();
    try {
      const remembered = await runCli(['remember', '--extractor', 'raw', 'I have a dog called Biggie'], { env: home.env });
      const id = remembered.json<{ memories: { id: string }[] }>().memories[0]!.id;
      const complete = (words: string[]): string[] => {
        const program = [
          `harmonia() { node '${join(ROOT, 'bin/harmonia.js')}' "$@"; }`,
          `source '${join(ROOT, 'completions', 'harmonia.bash')}'`,
          `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}`,
          '_harmonia; printf "%s\\n" "${COMPREPLY[@]}"',
        ].join('\n');
        return execFileSync('bash', ['-c', program], { env: { ...process.env, ...home.env }, encoding: 'utf8' }).split('\n').filter(Boolean);
      };
      expect(complete(['harmonia', 'ex'])).toEqual(['export']);
      expect(complete(['harmonia', 'export', '--format', 'n'])).toEqual(['ndjson']);
      expect(complete(['harmonia', 'list', '--type', 'goal,he'])).toEqual(['goal,health']);
      expect(complete(['harmonia', '-u', 'tester', 'list', '--inc'])).toEqual([]);
      expect(complete(['harmonia', 'export', '--inc'])).toEqual(['--include-deleted', '--include-history']);
      expect(complete(['harmonia', 'config', 'set', 'extractor', 'r'])).toEqual(['rules', 'raw']);
      expect(complete(['harmonia', 'show', 'mem_'])).toEqual([id]);
      expect(complete(['harmonia', 'restore', 'mem_'])).toEqual([]);
    } finally {
      home.cleanup();
    }
  });
});
