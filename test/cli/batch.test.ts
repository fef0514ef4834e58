import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openUserStore } from '../../src/store/store.js';
import { CHAT } from '../helpers/chat.js';
import { runCli, tempHome } from '../helpers/cli.js';

/**
 * A batch holds its lines' rows and writes them together (WriteStage). Whatever it holds, the store must end exactly
 * as if each message had been remembered on its own: these tests compare the two, row by row (ids aside).
 */

/** After the first 12 lines: the rest, then repeats of stored facts, one of them twice. */
const SECOND = [...CHAT.slice(12), ...CHAT.slice(0, 3), CHAT[10]!, CHAT[7]!, CHAT[10]!];

const AT = '2024-08-15T10:00:00Z';
const NOW = () => new Date('2024-08-15T10:05:00Z');

let homes: ReturnType<typeof tempHome>[] = [];
beforeEach(() => {
  homes = [tempHome(), tempHome()];
});
afterEach(() => {
  for (const home of homes) home.cleanup();
});

/** Everything a remember writes, in the order it was written, with ids replaced by the memory's text. */
function snapshot(env: Record<string, string>): Record<string, unknown[]> {
  const store = openUserStore({ dataDir: env.HARMONIA_HOME!, user: 'tester', busyTimeoutMs: 1000, create: false })!;
  try {
    const all = (sql: string): unknown[] => store.db.prepare(sql).raw().all();
    const text = (column: string): string => `(SELECT content FROM memories WHERE id = ${column})`;
    return {
      messages: all('SELECT content, status, extractor FROM messages ORDER BY seq'),
      memories: all(
        'SELECT content, type, category, confidence, status, entities, event_at, event_end, event_grain, created_at, updated_at, last_seen_at, version, text_key FROM memories ORDER BY seq',
      ),
      history: all(`SELECT ${text('h.memory_id')}, h.version, h.action, h.before, h.after, h.actor, h.at FROM memory_history h ORDER BY h.seq`),
      conflicts: all(`SELECT kind, ${text('memory_id')}, ${text('candidate_id')}, similarity, reason, suggested, status, strategy, resolved_by FROM conflicts ORDER BY seq`),
      links: all(`SELECT ${text('memory_a')}, ${text('memory_b')}, kind FROM memory_links ORDER BY seq`),
      fts: all("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'biggie OR boston OR sushi OR maria'"),
    };
  } finally {
    store.close();
  }
}

describe('remember --batch (rows held and written together)', () => {
  it('leaves the store exactly as remembering each message on its own does', async () => {
    const [one, batch] = homes.map((home) => home.env);
    for (const message of [...CHAT.slice(0, 12), ...SECOND]) {
      const r = await runCli(['remember', '--extractor', 'rules', '--at', AT, '--json', message], { env: one!, now: NOW });
      expect(r.exitCode).toBe(0);
    }
    // Two batches: the second repeats and updates what the first stored (refreshes of stored memories, twice).
    for (const part of [CHAT.slice(0, 12), SECOND]) {
      const input = part.map((message) => JSON.stringify({ message, at: AT })).join('\n');
      const r = await runCli(['remember', '--batch', '--extractor', 'rules', '--format', 'ndjson'], { env: batch!, input, now: NOW });
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
    }
    const expected = snapshot(one!);
    // The chat really exercises detection: duplicates refreshed, an update, links, several facts a message.
    expect((expected.conflicts as unknown[][]).map((c) => c[0])).toEqual(expect.arrayContaining(['duplicate', 'update', 'related']));
    expect((expected.links as unknown[]).length).toBeGreaterThan(0);
    expect(snapshot(batch!)).toEqual(expected);
  });

  it('does the same with raw memories, sources and repeated lines', async () => {
    const [one, batch] = homes.map((home) => home.env);
    const lines = [...CHAT, ...CHAT.slice(0, 6)].map((message, i) => ({ message, at: AT, source: `chat:${i % CHAT.length}` }));
    for (const line of lines) {
      const r = await runCli(['remember', '--extractor', 'raw', '--at', line.at, '--source', line.source, '--json', line.message], { env: one!, now: NOW });
      expect(r.exitCode).toBe(0);
    }
    const input = lines.map((line) => JSON.stringify(line)).join('\n');
    const r = await runCli(['remember', '--batch', '--extractor', 'raw', '--format', 'ndjson'], { env: batch!, input, now: NOW });
    expect(r.exitCode).toBe(0);
    const printed = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { already_remembered?: boolean; memories: { action: string }[] });
    expect(printed.filter((p) => p.already_remembered)).toHaveLength(6);
    expect(printed.flatMap((p) => p.memories.map((m) => m.action))).toContain('skipped');
    expect(snapshot(batch!)).toEqual(snapshot(one!));
  });
});

