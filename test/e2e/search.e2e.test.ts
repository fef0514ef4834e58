import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBin, tempHome } from '../helpers/cli.js';

interface Hit {
  content: string;
  score: number;
  snippet: string;
  source: { ref: string | null; session: string | null };
}

let home: ReturnType<typeof tempHome>;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

const TURNS = [
  ['D1:1', 'Caroline: Hey Mel! Good to see you! How have you been?'],
  ['D1:2', "Melanie: Hey Caroline! I'm swamped with the kids & work. What's up with you?"],
  ['D1:3', 'Caroline: I went to a LGBTQ support group yesterday and it was so powerful.'],
  ['D1:4', 'Melanie: Wow, that sounds great. What happened there?'],
  ['D1:5', 'Caroline: I drink oat-milk lattes and write C++ at a@b.com since 2024-09-01.'],
];

async function rememberTurns(): Promise<void> {
  const input = TURNS.map(([source, message]) => JSON.stringify({ message, source, session: 'D1', at: '2023-05-08T13:56:00Z' })).join('\n');
  const r = await runBin(['remember', '--batch', '--extractor', 'raw', '--on-conflict', 'create_new', '--format', 'ndjson'], { env: home.env, input: `${input}\n` });
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
}

describe('harmonia search (the binary)', () => {
  it('finds the turn that answers a question, with score and snippet', async () => {
    await rememberTurns();
    const r = await runBin(['search', 'When did Caroline go to the support group?'], { env: home.env });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const hits = r.json<Hit[]>(); // JSON by default when stdout is not a terminal
    expect(hits[0]).toMatchObject({ content: TURNS[2]![1], source: { ref: 'D1:3', session: 'D1' } });
    expect(hits[0]!.snippet).toBe('**Caroline**: I went to a LGBTQ **support** **group** yesterday and it was so powerful.');
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('answers hostile queries with exit 0 and a JSON array, never an FTS error', async () => {
    await rememberTurns();
    const queries = ['C++', 'oat-milk', 'NOT', '"', '(', '*', 'a@b.com', '2024-09-01', 'the of and', '🐶', 'x'.repeat(10_240)];
    for (const query of queries) {
      const r = await runBin(['search', '--json', '--', query], { env: home.env });
      const label = query.slice(0, 20);
      expect(r.stderr, label).toBe('');
      expect(r.exitCode, label).toBe(0);
      expect(Array.isArray(r.json()), label).toBe(true);
    }
    const found = await runBin(['search', '--json', '--', 'oat-milk'], { env: home.env });
    expect(found.json<Hit[]>()[0]!.snippet).toContain('**oat-milk**');
  });

  it('prints a usage error for a bad filter, exit 2', async () => {
    const r = await runBin(['search', 'dog', '--limit', '0', '--json'], { env: home.env });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('harmonia: --limit must be between 1 and 1000000, got 0');
    expect(r.stderr).toContain('{"error":{"code":"usage"');
  });
});
