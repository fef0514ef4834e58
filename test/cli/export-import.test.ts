import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, freshHomePerTest } from '../helpers/cli.js';

type Env = Record<string, string>;
interface Rec {
  id: string;
  content: string;
  status: string;
  type: string;
  category: string;
  history?: { action: string }[];
  message?: { content: string } | null;
}

const home = freshHomePerTest();
const { env } = home;

async function ok(args: string[], options: { input?: string; tty?: boolean; env?: Env } = {}): Promise<string> {
  const r = await runCli(args, { env: options.env ?? env, ...(options.input === undefined ? {} : { input: options.input }), ...(options.tty ? { tty: true } : {}) });
  if (r.exitCode !== 0) throw new Error(`harmonia ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}`);
  return r.stdout;
}

/** Three memories of different types, one of them changed (history) and one deleted. */
async function seed(): Promise<string[]> {
  const lines = [
    { message: 'I have a dog called Biggie', source: 'chat:1' },
    { message: 'Meeting notes, with "quotes", commas\nand a second line', source: 'chat:2', session: 's1' },
    { message: 'Delete me later', source: 'chat:3' },
  ];
  const out = await ok(['remember', '--batch', '--extractor', 'raw', '--format', 'ndjson'], { input: lines.map((l) => JSON.stringify(l)).join('\n') });
  const ids = out.trim().split('\n').map((l) => (JSON.parse(l) as { memories: Rec[] }).memories[0]!.id);
  await ok(['rm', ids[2]!]);
  return ids;
}

/** The export with the parts that rightly differ between two users and two runs blanked. */
function normalise(text: string): string {
  return text.replace(/"exported_at": "[^"]*"/, '"exported_at": ""').replace(/"user": ?"[^"]*"/g, '"user": ""');
}

describe('export', () => {
  it('writes the versioned JSON document; everything but deleted memories by default', async () => {
    await seed();
    const doc = JSON.parse(await ok(['export'])) as Record<string, unknown> & { memories: Rec[] };
    expect(Object.keys(doc)).toEqual(['format', 'version', 'user', 'exported_at', 'memories']);
    expect(doc).toMatchObject({ format: 'harmonia-export', version: 1, user: 'tester' });
    expect(doc.memories.map((m) => m.content)).toEqual(['I have a dog called Biggie', 'Meeting notes, with "quotes", commas\nand a second line']);
    expect(doc.memories[0]!.message).toMatchObject({ content: 'I have a dog called Biggie', source: 'chat:1' });
    expect(doc.memories[0]!.history).toBeUndefined();
    const all = JSON.parse(await ok(['export', '--include-deleted', '--include-history'])) as { memories: Rec[] };
    expect(all.memories.map((m) => m.status)).toEqual(['active', 'active', 'deleted']);
    expect(all.memories[2]!.history!.map((h) => h.action)).toEqual(['created', 'deleted']);
  });

  it('takes the filters of list', async () => {
    await seed();
    await ok(['remember', '--extractor', 'raw', 'another one']);
    const only = (await ok(['export', '--format', 'ndjson', '--since', '2000-01-01', '--status', 'deleted'])).trim().split('\n');
    expect(only.map((l) => (JSON.parse(l) as Rec).content)).toEqual(['Delete me later']);
    expect(await ok(['export', '--format', 'ndjson', '--type', 'goal'])).toBe('');
    expect(await ok(['export', '--format', 'ndjson', '--until', '2000-01-01'])).toBe('');
    const bad = await runCli(['export', '--type', 'feelings'], { env });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/unknown memory type "feelings"/);
  });

  it('prints CSV with the documented column order, and one memory per line as text', async () => {
    await seed();
    const csv = await ok(['export', '--format', 'csv', '--include-deleted']);
    expect(csv.split('\n')[0]).toBe(
      'id,type,category,status,confidence,content,entities,event_at,event_end,event_grain,event_text,created_at,updated_at,version,message_id,source_ref,session,last_seen_at',
    );
    expect(csv).toContain('"Meeting notes, with ""quotes"", commas\nand a second line"');
    const text = await ok(['export', '--format', 'text', '--include-deleted']);
    expect(text.trim().split('\n')).toHaveLength(3);
    expect(text).toMatch(/^mem_\S+ {2}episodic {2}conversation {2}Meeting notes, with "quotes", commas and a second line$/m);
    expect(text).toMatch(/Delete me later {2}\[deleted\]$/m);
    const refused = await runCli(['export', '--format', 'csv', '--include-history'], { env });
    expect(refused.exitCode).toBe(2);
    const table = await runCli(['export', '--format', 'table'], { env });
    expect(table.exitCode).toBe(2);
    expect(table.stderr).toMatch(/choose one of: json, ndjson, csv, md, text/);
  });

  it('prints Markdown grouped by type, then category, with escaped text', async () => {
    await ok(['remember', '--extractor', 'raw', 'I *love* [links] and <b>tags</b>']);
    const store = await ok(['export', '--format', 'md']);
    expect(store).toMatch(/^# Memories of tester\n/);
    expect(store).toContain('## Episodic\n\n### conversation\n\n- I \\*love\\* \\[links\\] and \\<b>tags\\</b>');
  });

  it('-o writes the file atomically (0600, no temporary file left), format from the extension', async () => {
    await seed();
    const target = join(home.dir, 'out.csv');
    const r = await runCli(['export', '-o', target], { env });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/exported 2 memories to/);
    expect(readFileSync(target, 'utf8')).toMatch(/^id,type,category,status/);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(home.dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('-o sweeps the temporary files a killed export of the same file left, and nothing else', async () => {
    await seed();
    // No process can have this id (Linux ids stop at 2^22); the test's own process is alive.
    const dead = 4_194_400;
    const names = [
      `.out.json.${dead}.0123abcd.tmp`, // a killed writer of out.json: swept
      `.out.json.${process.ppid}.89abcdef.tmp`, // a writer still running (this test's parent): kept
      `.other.json.${dead}.0123abcd.tmp`, // another file's: kept
      '.out.json.notes.tmp', // not our pattern: kept
    ];
    for (const name of names) writeFileSync(join(home.dir, name), 'partial');
    expect((await runCli(['export', '-o', join(home.dir, 'out.json')], { env })).exitCode).toBe(0);
    expect(readdirSync(home.dir).filter((f) => f.endsWith('.tmp')).sort()).toEqual(names.slice(1).sort());
  });

  it('-o into a missing folder fails before writing anything, and leaves an existing target as it was', async () => {
    await seed();
    const missing = await runCli(['export', '-o', join(home.dir, 'nope', 'x.json')], { env });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/folder .* does not exist/);
    const target = join(home.dir, 'keep.json');
    writeFileSync(target, 'previous contents');
    const bad = await runCli(['export', '-o', target, '--since', 'not a time at all'], { env });
    expect(bad.exitCode).toBe(2);
    expect(readFileSync(target, 'utf8')).toBe('previous contents');
    expect(readdirSync(home.dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('an unknown user exports an empty document and creates no file', async () => {
    const doc = JSON.parse(await ok(['export', '-u', 'nobody'])) as { memories: unknown[] };
    expect(doc.memories).toEqual([]);
    expect(existsSync(join(env.HARMONIA_HOME!, 'users', 'nobody.db'))).toBe(false);
  });
});

describe('import', () => {
  it('round-trips exactly: export -> import into an empty user -> export gives the same bytes', async () => {
    await seed();
    for (const format of ['json', 'ndjson']) {
      const first = await ok(['export', '--format', format, '--include-deleted', '--include-history']);
      const user = `copy-${format}`;
      const summary = JSON.parse(await ok(['import', '-u', user, '-'], { input: first })) as Record<string, unknown>;
      expect(summary).toMatchObject({ user, format, imported: 3, existing: 0, invalid: 0, messages: 3, history: 4, dry_run: false });
      const second = await ok(['export', '-u', user, '--format', format, '--include-deleted', '--include-history']);
      expect(normalise(second)).toBe(normalise(first));
    }
  });

  it('round-trips a CSV export too (memories; history and message text are not in CSV)', async () => {
    await seed();
    const file = join(home.dir, 'm.csv');
    await ok(['export', '--include-deleted', '-o', file]);
    await ok(['import', '-u', 'csv-copy', file]);
    const again = await ok(['export', '-u', 'csv-copy', '--include-deleted', '--format', 'csv']);
    expect(again).toBe(readFileSync(file, 'utf8'));
  });

  it('never duplicates a memory already there; --dry-run says what would change and writes nothing', async () => {
    await seed();
    const file = join(home.dir, 'all.json');
    await ok(['export', '--include-deleted', '-o', file]);
    const dry = JSON.parse(await ok(['import', '-u', 'other', '--dry-run', file])) as Record<string, unknown>;
    expect(dry).toMatchObject({ dry_run: true, imported: 3, existing: 0 });
    expect(existsSync(join(env.HARMONIA_HOME!, 'users', 'other.db'))).toBe(false);
    const again = JSON.parse(await ok(['import', file])) as Record<string, unknown>;
    expect(again).toMatchObject({ imported: 0, existing: 3 });
    const listed = JSON.parse(await ok(['list', '--status', 'all'])) as Rec[];
    expect(listed).toHaveLength(3);
    const human = await runCli(['import', '--dry-run', '--format', 'table', file], { env });
    expect(human.stdout).toBe('would import 0 memories (3 already there, skipped)\n');
  });

  it('reports each bad record with its position on stderr, imports the others, exits 2', async () => {
    await seed();
    const lines = (await ok(['export', '--format', 'ndjson'])).trim().split('\n');
    const broken = [lines[0], '{"id": "mem_01zz", "type": "feelings"}', 'not json', lines[1]].join('\n');
    const r = await runCli(['import', '-u', 'partial', '-'], { env, input: broken });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^harmonia: record 2 \(line 2\): /m);
    expect(r.stderr).toMatch(/^harmonia: record 3 \(line 3\): not valid JSON/m);
    expect(r.json()).toMatchObject({ imported: 2, invalid: 2 });
    expect(JSON.parse(await ok(['list', '-u', 'partial'])) as Rec[]).toHaveLength(2);
  });

  it('refuses a file that is not an export, a missing file and bytes that are not UTF-8, with exit 2', async () => {
    const notExport = await runCli(['import', '-'], { env, input: 'hello' });
    expect(notExport.exitCode).toBe(2);
    expect(notExport.stderr).toMatch(/^harmonia: not a Harmonia export/);
    const missing = await runCli(['import', join(home.dir, 'missing.json')], { env });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
    const latin1 = await runCli(['import', '-'], { env, input: Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d, 0x0a]) });
    expect(latin1.exitCode).toBe(2);
    expect(latin1.stderr).toMatch(/not valid UTF-8/);
  });
});

describe('progress', () => {
  const many = (n: number): string =>
    Array.from({ length: n }, (_, i) => JSON.stringify({ message: `fact number ${i}`, source: `s:${i}` })).join('\n');

  it('export, import and batch remember show a progress line on a terminal, and nothing otherwise', async () => {
    const batchTty = await runCli(['remember', '--batch', '--extractor', 'raw', '--format', 'ndjson'], { env, input: many(300), tty: true });
    expect(batchTty.stderr).toMatch(/\r\u001b\[2Kremembered: 2\d\d/);
    const exportTty = await runCli(['export', '--format', 'ndjson'], { env, tty: true });
    expect(exportTty.stderr).toMatch(/\r\u001b\[2Kexported: \d+ \/ 300/);
    const exportPipe = await runCli(['export', '--format', 'ndjson'], { env });
    expect(exportPipe.stderr).toBe('');
    const importTty = await runCli(['import', '-u', 'copy', '-'], { env: { ...env }, input: exportPipe.stdout, tty: true });
    expect(importTty.stderr).toMatch(/\r\u001b\[2Kimported: \d+/);
    const importPipe = await runCli(['import', '-u', 'copy2', '-'], { env, input: exportPipe.stdout });
    expect(importPipe.stderr).toBe('');
    const few = await runCli(['export', '--format', 'ndjson', '--type', 'goal'], { env, tty: true });
    expect(few.stderr).toBe('');
  });
});
