import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { execa, type Options } from 'execa';
import { afterEach, beforeEach } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

export const BIN = resolve(import.meta.dirname, '../../bin/harmonia.js');

/** A temporary HARMONIA_HOME (and config home) that no other test sees; `cleanup()` removes it. */
export function tempHome(): { dir: string; env: Record<string, string>; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'harmonia-test-'));
  return {
    dir,
    env: {
      HARMONIA_HOME: join(dir, 'data'),
      HARMONIA_CONFIG: join(dir, 'config.json'),
      HARMONIA_USER: 'tester',
      HARMONIA_TZ: 'UTC',
      NO_COLOR: '1',
      HOME: dir,
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A fresh temporary home for every test of the calling file (made in beforeEach, removed in afterEach). `env` is
 * one object for the whole file, refilled for each test, so a test may pass it around as it is.
 */
export function freshHomePerTest(): { readonly dir: string; readonly env: Record<string, string> } {
  const env: Record<string, string> = {};
  let current: ReturnType<typeof tempHome> | null = null;
  beforeEach(() => {
    current = tempHome();
    for (const key of Object.keys(env)) delete env[key];
    Object.assign(env, current.env);
  });
  afterEach(() => {
    current?.cleanup();
    current = null;
  });
  return {
    get dir() {
      if (!current) throw new Error('freshHomePerTest: the home exists only while a test runs');
      return current.dir;
    },
    env,
  };
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  json<T = unknown>(): T;
}

function result(exitCode: number, stdout: string, stderr: string): CliResult {
  return { exitCode, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
}

/** Runs a command in-process through the real commander tree, with injected streams, env and clock. */
export async function runCli(
  args: string[],
  options: { env: Record<string, string>; input?: string | Buffer; tty?: boolean; now?: () => Date },
): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const io: Io = {
    stdout,
    stderr,
    stdin: Readable.from(options.input === undefined ? [] : [Buffer.from(options.input)]),
    env: options.env,
    stdoutIsTTY: options.tty ?? false,
    stderrIsTTY: options.tty ?? false,
    stdinIsTTY: options.input === undefined && (options.tty ?? false),
    columns: options.tty ? 100 : undefined,
    now: options.now ?? (() => new Date()),
  };
  const code = await main(args, io);
  stdout.end();
  stderr.end();
  return result(code, out, err);
}

/** Runs the built binary as a user would. */
export async function runBin(args: string[], options: { env: Record<string, string>; input?: string; cwd?: string } & Pick<Options, 'timeout'>): Promise<CliResult> {
  const child = await execa('node', [BIN, ...args], {
    env: options.env,
    extendEnv: true,
    input: options.input ?? '',
    reject: false,
    cwd: options.cwd,
    timeout: options.timeout ?? 30_000,
    stripFinalNewline: false,
  });
  return result(child.exitCode ?? 1, String(child.stdout), String(child.stderr));
}
