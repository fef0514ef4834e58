import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordCreation } from '../../src/core/history.js';
import type { Memory } from '../../src/core/memory.js';
import { openUserStore } from '../../src/store/store.js';
import { runCli, freshHomePerTest } from '../helpers/cli.js';
import { makeMemory } from '../helpers/memories.js';

interface Hit {
  id: string;
  content: string;
  type: string;
  category: string;
  status: string;
  score: number;
  snippet: string;
  source: { message_id: string | null; ref: string | null; session: string | null };
}

const home = freshHomePerTest();
const { env } = home;

/** Puts memories straight into the user's file (types, categories, times and statuses the extractors would not give). */
function seed(...overrides: Partial<Memory>[]): Memory[] {
  const store = openUserStore({ dataDir: env.HARMONIA_HOME!, user: 'tester', busyTimeoutMs: 1000, create: true })!;
  try {
    return store.write(() =>
      overrides.map((o) => {
        const m = makeMemory({ createdAt: '2024-08-01T12:00:00.000Z', ...o });
        store.memories.insert(m);
        recordCreation(store, m, { actor: 'test', at: m.createdAt });
        return m;
      }),
    );
  } finally {
    store.close();
  }
}

async function search(args: string[], options: { tty?: boolean; now?: () => Date } = {}): Promise<Hit[]> {
  const r = await runCli(['search', ...args], { env, ...options });
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return r.json<Hit[]>();
}

describe('harmonia search', () => {
  it('prints memory records with score and snippet, best first', async () => {
    const [dog] = seed(
      { content: 'User has a dog called Biggie', type: 'relational', category: 'pets/dogs', entities: ['Biggie'] },
      { content: 'User prefers oat milk in coffee', type: 'preference', category: 'food/drinks', entities: [] },
    );
    const hits = await search(['Biggie', '--json']);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ id: dog!.id, content: dog!.content, type: 'relational', category: 'pets/dogs', status: 'active', user: 'tester' });
    expect(Object.keys(hits[0]!)).toEqual([
      'id', 'user', 'content', 'type', 'category', 'confidence', 'status', 'entities', 'event_at', 'event_end', 'event_grain',
      'event_text', 'created_at', 'updated_at', 'last_seen_at', 'version', 'source', 'score', 'snippet',
    ]);
    expect(hits[0]!.snippet).toBe('User has a dog called **Biggie**');
    expect(hits[0]!.score).toBeGreaterThan(0);
  });

  it('joins the words of an unquoted query and answers a question', async () => {
    seed(
      { content: 'Caroline: I went to a LGBTQ support group yesterday and it was so powerful.', type: 'episodic', category: 'conversation' },
      { content: 'Melanie: I painted a lake sunrise last year.', type: 'episodic', category: 'conversation' },
      { content: 'Caroline: My group of friends has been with me for four years.', type: 'episodic', category: 'conversation' },
    );
    const hits = await search(['When', 'did', 'Caroline', 'go', 'to', 'the', 'support', 'group?']);
    expect(hits[0]!.content).toContain('support group');
    expect(hits[0]!.snippet).toContain('**support** **group**');
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
  });

  it('takes the shared filters, --limit and --offset', async () => {
    seed(
      { content: 'User walks the dog at 7', type: 'procedural', category: 'routines', confidence: 0.5, createdAt: '2024-01-10T00:00:00.000Z' },
      { content: 'User has a dog called Biggie', type: 'relational', category: 'pets/dogs', confidence: 0.95, createdAt: '2024-08-01T00:00:00.000Z' },
      { content: 'User had a dog called Rex', type: 'relational', category: 'pets/dogs', status: 'deleted' },
      {
        content: 'User takes the dog to the vet on 2024-09-03',
        type: 'temporal',
        category: 'appointments',
        eventAt: '2024-09-03T10:00:00+00:00',
        eventGrain: 'hour',
      },
    );
    const contents = async (...args: string[]): Promise<string[]> => (await search(['dog', ...args])).map((h) => h.content).sort();
    expect(await contents()).toHaveLength(3);
    expect(await contents('--type', 'relational')).toEqual(['User has a dog called Biggie']);
    expect(await contents('--category', 'pets')).toEqual(['User has a dog called Biggie']);
    expect(await contents('--min-confidence', '0.9')).toEqual(['User has a dog called Biggie', 'User takes the dog to the vet on 2024-09-03']);
    expect(await contents('--since', '2024-06-01')).toEqual(['User has a dog called Biggie', 'User takes the dog to the vet on 2024-09-03']);
    expect(await contents('--until', '2024-06-01')).toEqual(['User walks the dog at 7']);
    expect(await contents('--event-after', '2024-09-01', '--event-before', '2024-09-30')).toEqual(['User takes the dog to the vet on 2024-09-03']);
    expect(await contents('--status', 'deleted')).toEqual(['User had a dog called Rex']);
    expect(await contents('--status', 'all')).toHaveLength(4);
    const all = await search(['dog']);
    expect(await search(['dog', '--limit', '1'])).toEqual(all.slice(0, 1));
    expect(await search(['dog', '--limit', '2', '--offset', '1'])).toEqual(all.slice(1, 3));
  });

  it('prints ndjson, csv and tsv with score and snippet as extra columns', async () => {
    seed({ content: 'User likes "jazz", hiking, and rain', type: 'preference', category: 'music' });
    const nd = await runCli(['search', 'jazz', '--format', 'ndjson'], { env });
    expect(nd.stdout.trim().split('\n').map((l) => JSON.parse(l) as Hit)[0]!.snippet).toBe('User likes "**jazz**", hiking, and rain');
    const csv = await runCli(['search', 'jazz', '--format', 'csv'], { env });
    const [head, row] = csv.stdout.trim().split('\n');
    expect(head!.split(',').slice(-2)).toEqual(['score', 'snippet']);
    expect(row).toContain('"User likes ""**jazz**"", hiking, and rain"');
    const tsv = await runCli(['search', 'jazz', '--format', 'tsv'], { env });
    expect(tsv.stdout.split('\n')[0]!.split('\t').slice(-2)).toEqual(['score', 'snippet']);
  });

  it('shows a table on a terminal, matched terms bold only with colour', async () => {
    seed({ content: 'User has a dog called Biggie', type: 'relational', category: 'pets/dogs' });
    const plain = await runCli(['search', 'dog'], { env, tty: true });
    expect(plain.exitCode).toBe(0);
    expect(plain.stdout).toContain('Snippet');
    expect(plain.stdout).toContain('**dog**');
    expect(plain.stdout).not.toContain('\u001b[');
    const { NO_COLOR: _unset, ...colourEnv } = env;
    const bold = await runCli(['search', 'dog'], { env: colourEnv, tty: true });
    expect(bold.stdout).toContain('\u001b[1mdog\u001b[22m');
    const none = await runCli(['search', 'cat'], { env, tty: true });
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe('harmonia: no memories match\n');
  });

  it('returns an empty array for a user with no file, and creates none', async () => {
    expect(await search(['anything'])).toEqual([]);
    expect(existsSync(join(env.HARMONIA_HOME!, 'users', 'tester.db'))).toBe(false);
  });

  it.each([
    'C++', 'oat-milk', 'NOT', '"', '(', '*', 'a@b.com', '2024-09-01', 'the and of', '😀', 'AND OR', 'NEAR(a b)', '-',
  ])('hostile query %j: results or nothing, exit 0', async (query) => {
    seed({ content: 'User codes C++ and drinks oat-milk; mail a@b.com before 2024-09-01 😀' });
    const r = await runCli(['search', '--json', '--', query], { env });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(Array.isArray(r.json())).toBe(true);
  });

  it('handles 10 KB of text as a query', async () => {
    seed({ content: 'User loves sailing on the lake' });
    const text = `${Array.from({ length: 1500 }, (_, i) => `word${i}`).join(' ')} sailing`;
    expect(text.length).toBeGreaterThan(10_000);
    const r = await runCli(['search', '--json', '--', text], { env });
    expect(r.exitCode).toBe(0);
    expect(r.json<Hit[]>()).toEqual([]); // "sailing" is past the first 32 distinct terms
    const hits = await search(['--', `sailing ${text}`]);
    expect(hits.map((h) => h.content)).toEqual(['User loves sailing on the lake']);
  });

  it.each([
    [['dog', '--limit', '0'], /--limit must be between 1 and/],
    [['dog', '--limit', 'ten'], /--limit must be a whole number/],
    [['dog', '--offset', '-1'], /offset/],
    [['dog', '--type', 'pets'], /unknown memory type "pets"/],
    [['dog', '--min-confidence', '2'], /--min-confidence must be a number from 0 to 1/],
    [['dog', '--status', 'gone'], /unknown status "gone"/],
    [['dog', '--format', 'md'], /invalid format "md"/],
    [[], /missing required argument/],
  ])('usage error for %j: exit 2, one line', async (args, message) => {
    const r = await runCli(['search', ...args], { env });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toMatch(/^harmonia: /);
    expect(r.stderr).toMatch(message);
  });
});

describe('harmonia list --upcoming', () => {
  const now = () => new Date('2024-08-19T14:00:00.000Z');

  it('lists events from now on, soonest first, and nothing without an event or in the past', async () => {
    seed(
      { content: 'User has a dentist appointment on 2024-09-03 at 09:00', eventAt: '2024-09-03T09:00:00-04:00', eventGrain: 'minute' },
      { content: 'User has a meeting on 2024-08-20 at 14:00', eventAt: '2024-08-20T14:00:00-04:00', eventGrain: 'minute' },
      { content: 'User flew to Lisbon on 2024-08-01', eventAt: '2024-08-01T08:00:00+01:00', eventGrain: 'minute' },
      { content: 'User has a call in ten minutes', eventAt: '2024-08-19T10:10:00-04:00', eventGrain: 'minute' },
      { content: 'User has a dog called Biggie' },
      { content: 'User had a cancelled party on 2024-08-25', eventAt: '2024-08-25T20:00:00-04:00', eventGrain: 'hour', status: 'deleted' },
    );
    const r = await runCli(['list', '--upcoming', '--json'], { env, now });
    expect(r.exitCode).toBe(0);
    expect(r.json<Hit[]>().map((m) => m.content)).toEqual([
      'User has a call in ten minutes',
      'User has a meeting on 2024-08-20 at 14:00',
      'User has a dentist appointment on 2024-09-03 at 09:00',
    ]);
  });

  it('keeps events still under way: a day, a week or a stay that began before now and ends after it', async () => {
    seed(
      { content: 'User has a dentist appointment today', eventAt: '2024-08-19T00:00:00-04:00', eventEnd: '2024-08-20T00:00:00-04:00', eventGrain: 'day' },
      { content: 'User is in Lisbon this week', eventAt: '2024-08-19T00:00:00+01:00', eventEnd: '2024-08-26T00:00:00+01:00', eventGrain: 'week' },
      { content: 'User had a meeting yesterday', eventAt: '2024-08-18T00:00:00-04:00', eventEnd: '2024-08-19T00:00:00-04:00', eventGrain: 'day' },
      { content: 'User had a call this morning', eventAt: '2024-08-19T09:00:00-04:00', eventGrain: 'minute' },
      { content: 'User has a flight next year', eventAt: '2025-01-01T00:00:00-05:00', eventEnd: '2026-01-01T00:00:00-05:00', eventGrain: 'year' },
    );
    const r = await runCli(['list', '--upcoming', '--json'], { env, now });
    expect(r.json<Hit[]>().map((m) => m.content)).toEqual([
      'User is in Lisbon this week',
      'User has a dentist appointment today',
      'User has a flight next year',
    ]);
  });

  it('narrows with --event-before and --limit, and an explicit --sort wins', async () => {
    seed(
      { content: 'A on 2024-08-21', eventAt: '2024-08-21T09:00:00+00:00', eventGrain: 'minute', createdAt: '2024-08-02T00:00:00.000Z' },
      { content: 'B on 2024-08-22', eventAt: '2024-08-22T09:00:00+00:00', eventGrain: 'minute', createdAt: '2024-08-03T00:00:00.000Z' },
      { content: 'C on 2024-10-01', eventAt: '2024-10-01T09:00:00+00:00', eventGrain: 'minute', createdAt: '2024-08-01T00:00:00.000Z' },
    );
    const list = async (...args: string[]): Promise<string[]> =>
      (await runCli(['list', '--upcoming', '--json', ...args], { env, now })).json<Hit[]>().map((m) => m.content);
    expect(await list('--event-before', '2024-09-01')).toEqual(['A on 2024-08-21', 'B on 2024-08-22']);
    expect(await list('--limit', '1')).toEqual(['A on 2024-08-21']);
    expect(await list('--sort', 'created')).toEqual(['C on 2024-10-01', 'A on 2024-08-21', 'B on 2024-08-22']);
    expect(await list('--event-after', '2024-09-15')).toEqual(['C on 2024-10-01']);
  });
});
