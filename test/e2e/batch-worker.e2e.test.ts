import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHAT } from '../helpers/chat.js';
import { BIN, runBin, tempHome } from '../helpers/cli.js';

/**
 * `remember --batch` with the rules extractor extracts in a worker thread (src/cli/extract-thread.ts) while the main
 * thread places and writes. Where extraction runs must change nothing: the built binary is run with the worker for
 * every line (HARMONIA_EXTRACT_WORKER=1, which fails rather than fall back), without it (=0), and as it chooses.
 */

let homes: ReturnType<typeof tempHome>[] = [];
beforeEach(() => {
  homes = [tempHome(), tempHome(), tempHome()];
});
afterEach(() => {
  for (const home of homes) home.cleanup();
});

/** The printed records without what differs from run to run (ids, the clock). */
function comparable(stdout: string): unknown[] {
  const volatile = new Set(['created_at', 'updated_at', 'last_seen_at', 'resolved_at']);
  const strip = (value: unknown): unknown => {
    if (typeof value === 'string') return /^(mem|msg|cfl)_[0-9a-z]+$/.test(value) ? 'ID' : value;
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).filter(([key]) => !volatile.has(key)).map(([key, v]) => [key, strip(v)]));
  };
  return stdout.trim().split('\n').map((line) => strip(JSON.parse(line)));
}

describe('remember --batch with the extraction worker', () => {
  it('stores and prints exactly what extracting in the main thread does, in input order', async () => {
    // Over several of the worker's chunks, with times to resolve, two users, and lines the main thread rejects.
    const lines: string[] = [];
    for (let round = 0; round < 4; round++) {
      for (const [i, message] of CHAT.entries()) {
        lines.push(JSON.stringify({ message, at: `2024-08-${String(10 + round).padStart(2, '0')}T10:00:00Z`, ...(i % 5 === 0 ? { user: 'bob' } : {}) }));
      }
      lines.push('{"message": 42}', 'not json');
    }
    const input = `${lines.join('\n')}\n`;
    const runs = await Promise.all(
      ['1', '0', undefined].map((knob, i) =>
        runBin(['remember', '--batch', '--extractor', 'rules', '--format', 'ndjson'], {
          env: { ...homes[i]!.env, ...(knob === undefined ? {} : { HARMONIA_EXTRACT_WORKER: knob }) },
          input,
        }),
      ),
    );
    const [worker, inline, chosen] = runs;
    expect(inline!.exitCode).toBe(2);
    expect(inline!.stderr).toContain('line 25: "message" must be a string');
    const printed = comparable(inline!.stdout);
    expect(printed).toHaveLength(CHAT.length * 4);
    expect(JSON.stringify(printed)).toContain('"event_at":"2024-08-13T15:00:00+00:00"');
    for (const run of [worker!, chosen!]) {
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toBe(inline!.stderr);
      expect(comparable(run.stdout)).toEqual(printed);
    }
    // The stores agree too: each user's memories, as `list` shows them.
    for (const user of ['tester', 'bob']) {
      const [a, b] = await Promise.all([0, 1].map((i) => runBin(['list', '-u', user, '--all', '--json'], { env: homes[i]!.env })));
      expect(comparable(JSON.stringify(a!.json<unknown[]>()))).toEqual(comparable(JSON.stringify(b!.json<unknown[]>())));
    }
  });

  it('stores and prints a slow writer\'s lines as they come, while the worker extracts them', async () => {
    const child = execa('node', [BIN, 'remember', '--batch', '--extractor', 'rules', '--format', 'ndjson'], {
      env: { ...homes[0]!.env, HARMONIA_EXTRACT_WORKER: '1' },
      extendEnv: true,
      reject: false,
    });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const printed = async (n: number): Promise<void> => {
      for (let i = 0; i < 500 && out.split('\n').length <= n; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(out.trim().split('\n')).toHaveLength(n);
    };
    child.stdin!.write(`${JSON.stringify({ message: CHAT[0] })}\n`);
    await printed(1);
    child.stdin!.write(`${JSON.stringify({ message: CHAT[2] })}\n`);
    await printed(2);
    child.stdin!.end();
    const done = await child;
    expect(done.exitCode, String(done.stderr)).toBe(0);
    const contents = out.trim().split('\n').flatMap((line) => (JSON.parse(line) as { memories: { content: string }[] }).memories.map((m) => m.content));
    expect(contents).toEqual(expect.arrayContaining(["User's name is Jason", 'User lives in Boston']));
  });
});
