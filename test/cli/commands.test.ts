import { describe, expect, it } from 'vitest';
import { runCli, freshHomePerTest } from '../helpers/cli.js';

interface Rec {
  id: string;
  content: string;
  status: string;
  type: string;
  category: string;
  source: { message_id: string; ref: string | null; session: string | null };
}

const home = freshHomePerTest();
const { env } = home;

async function remember(text: string, extra: string[] = []): Promise<Rec> {
  const r = await runCli(['remember', '--extractor', 'raw', ...extra, text], { env });
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return r.json<{ memories: Rec[] }>().memories[0]!;
}

describe('remember (raw)', () => {
  it('prints the documented output object', async () => {
    const r = await runCli(['remember', '--extractor', 'raw', '--source', 'chat:1', '--session', 's1', 'I have a dog called Biggie'], { env });
    expect(r.exitCode).toBe(0);
    const out = r.json<Record<string, unknown> & { memories: (Rec & { action: string })[] }>();
    expect(Object.keys(out)).toEqual(['message_id', 'extractor', 'memories', 'conflicts']);
    expect(out.extractor).toBe('raw');
    expect(out.message_id).toMatch(/^msg_/);
    expect(out.memories).toHaveLength(1);
    expect(out.memories[0]).toMatchObject({
      content: 'I have a dog called Biggie',
      type: 'episodic',
      status: 'active',
      action: 'created',
      user: 'tester',
      version: 1,
      source: { message_id: out.message_id, ref: 'chat:1', session: 's1' },
    });
  });

  it('reads the message from stdin, and from `-`', async () => {
    const a = await runCli(['remember', '--extractor', 'raw'], { env, input: 'from stdin\n' });
    const b = await runCli(['remember', '--extractor', 'raw', '-'], { env, input: 'from dash' });
    expect(a.json<{ memories: Rec[] }>().memories[0]!.content).toBe('from stdin');
    expect(b.json<{ memories: Rec[] }>().memories[0]!.content).toBe('from dash');
  });

  it('rejects empty, NUL, invalid UTF-8 and oversized messages with exit 2, storing nothing', async () => {
    await remember('keep me');
    const bad: [string[], string | Buffer | undefined, RegExp][] = [
      [['   '], undefined, /empty/],
      [[], '', /empty/],
      [['a\u0000b'], undefined, /NUL/],
      [[], Buffer.from([0x66, 0xff, 0xfe, 0x6f]), /UTF-8/],
    ];
    for (const [args, input, message] of bad) {
      const r = await runCli(['remember', '--extractor', 'raw', ...args], { env, input });
      expect(r.exitCode, String(args)).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.split('\n').filter(Boolean).every((l) => l.startsWith('harmonia: ') || l.startsWith('hint: '))).toBe(true);
    }
    const big = await runCli(['remember', '--extractor', 'raw'], { env: { ...env }, input: 'x'.repeat(1024 * 1024 + 1) });
    expect(big.exitCode).toBe(2);
    expect(big.stderr).toMatch(/over the limit of 1048576/);
    const list = await runCli(['list'], { env });
    expect(list.json<Rec[]>().map((m) => m.content)).toEqual(['keep me']);
  });

  it('--dry-run stores nothing and creates no file', async () => {
    const r = await runCli(['remember', '--extractor', 'raw', '--dry-run', 'just looking'], { env });
    expect(r.exitCode).toBe(0);
    expect(r.json<{ dry_run: boolean; message_id: null }>()).toMatchObject({ dry_run: true, message_id: null });
    expect((await runCli(['list'], { env })).json()).toEqual([]);
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${env.HARMONIA_HOME}/users/tester.db`)).toBe(false);
  });

  it('the same source and text are remembered once', async () => {
    const first = await runCli(['remember', '--extractor', 'raw', '--source', 'turn:1', 'hello there'], { env });
    const second = await runCli(['remember', '--extractor', 'raw', '--source', 'turn:1', 'hello there'], { env });
    expect(second.json<{ already_remembered: boolean; memories: { action: string; id: string }[] }>()).toMatchObject({
      already_remembered: true,
      memories: [{ action: 'skipped', id: first.json<{ memories: Rec[] }>().memories[0]!.id }],
    });
    expect((await runCli(['list'], { env })).json<Rec[]>()).toHaveLength(1);
  });

  it('--batch stores every good line, reports bad ones with their line number, exits 2', async () => {
    const input = [
      JSON.stringify({ message: 'first', source: 'a:1' }),
      '{not json',
      JSON.stringify({ message: 42 }),
      '',
      JSON.stringify({ message: 'fourth', session: 's', at: '2024-08-19T10:00:00Z' }),
      JSON.stringify({ message: 'other user', user: 'bob' }),
      JSON.stringify({ message: 'bad user', user: '../etc' }),
      JSON.stringify(['array']),
    ].join('\n');
    const r = await runCli(['remember', '--batch', '--extractor', 'raw'], { env, input });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/line 2: invalid JSON/);
    expect(r.stderr).toMatch(/line 3: "message" must be a string/);
    expect(r.stderr).toMatch(/line 7: invalid user id/);
    expect(r.stderr).toMatch(/line 8: a line must be a JSON object/);
    expect(r.stderr).toMatch(/4 of 7 lines skipped/);
    const results = r.json<{ memories: Rec[] }[]>();
    expect(results.map((x) => x.memories[0]!.content)).toEqual(['first', 'fourth', 'other user']);
    expect((await runCli(['list'], { env })).json<Rec[]>().map((m) => m.content).sort()).toEqual(['first', 'fourth']);
    expect((await runCli(['list', '-u', 'bob'], { env })).json<Rec[]>().map((m) => m.content)).toEqual(['other user']);
  });

  it('--batch --format ndjson prints one result per line in input order', async () => {
    const input = ['one', 'two', 'three'].map((m) => JSON.stringify({ message: m })).join('\n');
    const r = await runCli(['remember', '--batch', '--extractor', 'raw', '--format', 'ndjson'], { env, input });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { memories: Rec[] }).memories[0]!.content)).toEqual(['one', 'two', 'three']);
  });

  it('rejects an invalid zone and an unparsable --at with exit 2', async () => {
    expect((await runCli(['remember', '--extractor', 'raw', '--tz', 'Mars/Olympus', 'x'], { env })).exitCode).toBe(2);
    const r = await runCli(['remember', '--extractor', 'raw', '--at', 'not a time at all', 'x'], { env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--at/);
  });

  it('rejects unknown conflict strategies', async () => {
    const r = await runCli(['remember', '--extractor', 'raw', '--on-conflict', 'yolo', 'x'], { env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/unknown conflict strategy "yolo"/);
  });
});

describe('list', () => {
  it('is empty for a user with no file, without creating one', async () => {
    const r = await runCli(['list'], { env });
    expect(r.exitCode).toBe(0);
    expect(r.json()).toEqual([]);
  });

  it('filters, sorts and pages', async () => {
    for (const m of ['a', 'b', 'c']) await remember(m);
    expect((await runCli(['list', '--limit', '2'], { env })).json<Rec[]>().map((m) => m.content)).toEqual(['c', 'b']);
    expect((await runCli(['list', '--asc', '--offset', '1', '--all'], { env })).json<Rec[]>().map((m) => m.content)).toEqual(['b', 'c']);
    expect((await runCli(['list', '--type', 'episodic,health'], { env })).json<Rec[]>()).toHaveLength(3);
    expect((await runCli(['list', '--type', 'preference'], { env })).json<Rec[]>()).toHaveLength(0);
    expect((await runCli(['list', '--since', '2999-01-01'], { env })).json<Rec[]>()).toHaveLength(0);
    expect((await runCli(['list', '--until', '2999-01-01T00:00:00Z'], { env })).json<Rec[]>()).toHaveLength(3);
  });

  it.each([
    [['--limit', '0'], /--limit must be between 1/],
    [['--limit', 'ten'], /--limit must be a whole number/],
    [['--limit', '-5'], /--limit/],
    [['--type', 'feelings'], /unknown memory type "feelings"/],
    [['--status', 'gone'], /unknown status "gone"/],
    [['--min-confidence', '2'], /--min-confidence/],
    [['--sort', 'random'], /invalid/],
    [['--all', '--limit', '3'], /--all and --limit/],
    [['--since', 'the twelfth of never'], /--since/],
  ])('list %j is a usage error', async (args, message) => {
    const r = await runCli(['list', ...args], { env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('prints csv, tsv, ndjson and a table', async () => {
    await remember('hello, "world"');
    const csv = (await runCli(['list', '--format', 'csv'], { env })).stdout.split('\n');
    expect(csv[0]).toBe('id,type,category,status,confidence,content,entities,event_at,event_end,event_grain,event_text,created_at,updated_at,version,message_id,source_ref,session');
    expect(csv[1]).toContain('"hello, ""world"""');
    const tsv = (await runCli(['list', '--format', 'tsv'], { env })).stdout.split('\n');
    expect(tsv[0]!.split('\t')).toHaveLength(17);
    const nd = (await runCli(['list', '--format', 'ndjson'], { env })).stdout;
    expect((JSON.parse(nd.trim()) as Rec).content).toBe('hello, "world"');
    const table = await runCli(['list'], { env, tty: true });
    expect(table.stdout).toContain('hello, "world"');
    expect(table.stdout).toContain('Content');
    expect(table.stdout).not.toMatch(/\u001b\[/); // NO_COLOR is set in the test env
  });

  it('--json errors are also JSON on stderr', async () => {
    const r = await runCli(['list', '--json', '--limit', 'x'], { env });
    expect(r.exitCode).toBe(2);
    const last = r.stderr.trim().split('\n').pop()!;
    expect(JSON.parse(last)).toEqual({ error: { code: 'usage', message: expect.stringMatching(/--limit/) as unknown } });
  });
});

describe('show, rm, restore', () => {
  it('show prints the record, its history and its source message', async () => {
    const m = await remember('I have a dog called Biggie', ['--source', 'chat:9']);
    const r = await runCli(['show', m.id.slice(0, 14)], { env });
    expect(r.exitCode).toBe(0);
    const shown = r.json<Rec & { history: { action: string }[]; message: { content: string; source: string } }>();
    expect(shown.id).toBe(m.id);
    expect(shown.history.map((h) => h.action)).toEqual(['created']);
    expect(shown.message).toMatchObject({ content: 'I have a dog called Biggie', source: 'chat:9' });
  });

  it('rm soft-deletes, show says deleted, restore brings it back', async () => {
    const m = await remember('temporary fact');
    const rm = await runCli(['rm', m.id], { env });
    expect(rm.json()).toMatchObject({ action: 'deleted', count: 1, ids: [m.id] });
    expect((await runCli(['list'], { env })).json()).toEqual([]);
    const shown = await runCli(['show', m.id], { env });
    expect(shown.json<Rec>().status).toBe('deleted');
    expect(shown.stderr).toMatch(/is deleted/);
    const restored = await runCli(['restore', m.id], { env });
    expect(restored.json<Rec>().status).toBe('active');
    expect((await runCli(['list'], { env })).json<Rec[]>()).toHaveLength(1);
  });

  it('rm of an unknown id is exit 3 and changes nothing else', async () => {
    const m = await remember('stays');
    const r = await runCli(['rm', m.id, 'mem_zzzzzz'], { env });
    expect(r.exitCode).toBe(3);
    expect((await runCli(['list'], { env })).json<Rec[]>()).toHaveLength(1);
  });

  it('rm --all needs --yes when not on a terminal', async () => {
    await remember('one');
    const refused = await runCli(['rm', '--all'], { env });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    expect((await runCli(['list'], { env })).json<Rec[]>()).toHaveLength(1);
    const done = await runCli(['rm', '--all', '--yes'], { env });
    expect(done.json()).toMatchObject({ action: 'deleted', count: 1 });
    expect((await runCli(['list'], { env })).json<Rec[]>()).toHaveLength(0);
    expect((await runCli(['list', '--status', 'deleted'], { env })).json<Rec[]>()).toHaveLength(1);
  });

  it('rm --all --purge --yes removes the user file', async () => {
    await remember('one');
    const r = await runCli(['rm', '--all', '--purge', '--yes'], { env });
    expect(r.json()).toMatchObject({ action: 'purged', file_removed: true });
    const { existsSync } = await import('node:fs');
    expect(existsSync(`${env.HARMONIA_HOME}/users/tester.db`)).toBe(false);
  });

  it('rm --all --purge waits for another writer, and gives up with nothing deleted while it still writes', async () => {
    await remember('one');
    const { writeFileSync, existsSync } = await import('node:fs');
    const { default: Database } = await import('better-sqlite3');
    writeFileSync(env.HARMONIA_CONFIG!, JSON.stringify({ storage: { busyTimeoutMs: 200 } }), { mode: 0o600 });
    const writer = new Database(`${env.HARMONIA_HOME}/users/tester.db`);
    writer.exec('BEGIN IMMEDIATE');
    try {
      const r = await runCli(['rm', '--all', '--purge', '--yes'], { env });
      expect(r.exitCode).toBe(5);
      expect(r.stderr).toMatch(/^harmonia: .*tester\.db is locked by another process/);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    expect(existsSync(`${env.HARMONIA_HOME}/users/tester.db`)).toBe(true);
    expect((await runCli(['list'], { env })).json<Rec[]>()).toHaveLength(1);
  });

  it('rm needs ids or --all, not both', async () => {
    expect((await runCli(['rm'], { env })).exitCode).toBe(2);
    expect((await runCli(['rm', 'mem_1', '--all'], { env })).exitCode).toBe(2);
  });
});

describe('global behaviour', () => {
  it('usage errors from commander exit 2 with a one-line message', async () => {
    for (const args of [['list', '--bogus'], ['frobnicate'], ['show'], ['--format', 'xml', 'list']]) {
      const r = await runCli(args, { env });
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^harmonia: /);
    }
  });

  it('--help and --version exit 0, and every command help has examples', async () => {
    const help = await runCli(['--help'], { env });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Examples:');
    for (const command of ['remember', 'list', 'show', 'rm', 'restore']) {
      const r = await runCli([command, '--help'], { env });
      expect(r.exitCode, command).toBe(0);
      expect(r.stdout, command).toContain('Examples:');
    }
    const v = await runCli(['--version'], { env });
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('an invalid config file is a clear usage error naming the key', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(env.HARMONIA_CONFIG!, JSON.stringify({ ollama: { timeoutMs: 'soon' } }));
    const r = await runCli(['list'], { env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/invalid config file .*: ollama\.timeoutMs/);
    writeFileSync(env.HARMONIA_CONFIG!, '{"colour": "blue"}');
    expect((await runCli(['list'], { env })).stderr).toMatch(/colour is not a known setting/);
    writeFileSync(env.HARMONIA_CONFIG!, '{nope');
    expect((await runCli(['list'], { env })).stderr).toMatch(/not valid JSON/);
    writeFileSync(env.HARMONIA_CONFIG!, '\ufeff{"format": "ndjson"}');
    const bom = await runCli(['list'], { env });
    expect(bom.exitCode).toBe(0);
    expect(bom.stdout).toBe('');
  });
});

describe('raw memories are verbatim', () => {
  it('keeps a long message whole', async () => {
    const long = `Once upon a time ${'and then something else happened '.repeat(60)}the end.`;
    const r = await runCli(['remember', '--extractor', 'raw', long], { env });
    expect(r.exitCode).toBe(0);
    expect(r.json<{ memories: Rec[] }>().memories[0]!.content).toBe(long);
  });
});

describe('conflicts of raw memories', () => {
  it('the same message again (any case) is a duplicate; a different turn is never an update', async () => {
    const first = await remember('Caroline: I moved to Denver last year');
    const again = await runCli(['remember', '--extractor', 'raw', 'caroline: i moved to denver last year'], { env });
    const out = again.json<{ memories: (Rec & { action: string })[]; conflicts: { kind: string }[] }>();
    expect(out.memories[0]).toMatchObject({ action: 'skipped', id: first.id });
    expect(out.conflicts.map((c) => c.kind)).toEqual(['duplicate']);
    const other = await runCli(['remember', '--extractor', 'raw', 'Caroline: I moved to Austin last year'], { env });
    expect(other.json<{ memories: { action: string }[]; conflicts: unknown[] }>()).toMatchObject({ memories: [{ action: 'created' }], conflicts: [] });
    expect((await runCli(['list'], { env })).json<Rec[]>().map((m) => m.content)).toEqual([
      'Caroline: I moved to Austin last year',
      'Caroline: I moved to Denver last year',
    ]);
  });
});
