import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, runBin, tempHome } from '../helpers/cli.js';

interface Rec {
  id: string;
  user: string;
  content: string;
  status: string;
}

const RECORD_FIELDS = [
  'id', 'user', 'content', 'type', 'category', 'confidence', 'status', 'entities', 'event_at', 'event_end',
  'event_grain', 'event_text', 'created_at', 'updated_at', 'version', 'source',
];

let home: ReturnType<typeof tempHome>;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

describe('the harmonia binary', () => {
  it('remembers from stdin and lists it back with every field of the record', async () => {
    const remembered = await runBin(['remember', '--extractor', 'raw', '-u', 'alice'], { env: home.env, input: 'I have a dog called Biggie\n' });
    expect(remembered.exitCode).toBe(0);
    expect(remembered.stderr).toBe('');
    const list = await runBin(['list', '-u', 'alice', '--json'], { env: home.env });
    expect(list.exitCode).toBe(0);
    const records = list.json<Record<string, unknown>[]>();
    expect(records).toHaveLength(1);
    for (const field of RECORD_FIELDS) expect(records[0], field).toHaveProperty(field);
    expect(records[0]).toMatchObject({ user: 'alice', content: 'I have a dog called Biggie', type: 'episodic', status: 'active', version: 1 });
    expect(records[0]!.source).toEqual({ message_id: expect.stringMatching(/^msg_/) as unknown, ref: null, session: null });
    expect(new Date(records[0]!.created_at as string).toISOString()).toBe(records[0]!.created_at);
  });

  it('keeps users apart', async () => {
    await runBin(['remember', '--extractor', 'raw', '-u', 'alice', 'alice secret'], { env: home.env });
    await runBin(['remember', '--extractor', 'raw', '-u', 'bob', 'bob secret'], { env: home.env });
    const alice = (await runBin(['list', '-u', 'alice'], { env: home.env })).json<Rec[]>();
    const bob = (await runBin(['list', '-u', 'bob'], { env: home.env })).json<Rec[]>();
    expect(alice.map((m) => m.content)).toEqual(['alice secret']);
    expect(bob.map((m) => m.content)).toEqual(['bob secret']);
    const aliceId = alice[0]!.id;
    const cross = await runBin(['show', aliceId, '-u', 'bob'], { env: home.env });
    expect(cross.exitCode).toBe(3);
    expect(readdirSync(join(home.env.HARMONIA_HOME!, 'users')).filter((f) => f.endsWith('.db')).sort()).toEqual(['alice.db', 'bob.db']);
  });

  it('resolves ids by unique prefix; ambiguous is exit 2, unknown exit 3', async () => {
    const batch = ['one', 'two', 'three'].map((message) => JSON.stringify({ message })).join('\n');
    await runBin(['remember', '--batch', '--extractor', 'raw'], { env: home.env, input: batch });
    const records = (await runBin(['list'], { env: home.env })).json<Rec[]>();
    const target = records[0]!;
    // The shortest prefix that names only this id.
    let prefix = target.id;
    for (let n = 5; n <= target.id.length; n++) {
      const p = target.id.slice(0, n);
      if (records.filter((r) => r.id.startsWith(p)).length === 1) {
        prefix = p;
        break;
      }
    }
    const unique = await runBin(['show', prefix], { env: home.env });
    expect(unique.exitCode).toBe(0);
    expect(unique.json<Rec>().id).toBe(target.id);
    const ambiguous = await runBin(['show', 'mem_0'], { env: home.env });
    expect(ambiguous.exitCode).toBe(2);
    expect(ambiguous.stderr).toMatch(/ambiguous/);
    for (const r of records) expect(ambiguous.stderr).toContain(r.id);
    const unknown = await runBin(['show', 'mem_zzzzzz'], { env: home.env });
    expect(unknown.exitCode).toBe(3);
    expect(unknown.stderr).toMatch(/^harmonia: no memory matches/);
  });

  it('rm then show says deleted', async () => {
    const out = await runBin(['remember', '--extractor', 'raw', 'a passing thought'], { env: home.env });
    const id = out.json<{ memories: Rec[] }>().memories[0]!.id;
    expect((await runBin(['rm', id], { env: home.env })).exitCode).toBe(0);
    const shown = await runBin(['show', id], { env: home.env });
    expect(shown.exitCode).toBe(0);
    expect(shown.json<Rec>().status).toBe('deleted');
    expect(shown.stderr).toMatch(/deleted/);
  });

  it('rm --purge leaves no trace of the text in the database files', async () => {
    const secret = 'Xylophone-Marmalade-4471 my bank PIN story';
    const out = await runBin(['remember', '--extractor', 'raw', secret], { env: home.env });
    await runBin(['remember', '--extractor', 'raw', 'an unrelated memory'], { env: home.env });
    const id = out.json<{ memories: Rec[] }>().memories[0]!.id;
    const purge = await runBin(['rm', '--purge', id], { env: home.env });
    expect(purge.exitCode).toBe(0);
    const dir = join(home.env.HARMONIA_HOME!, 'users');
    const bytes = Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));
    for (const needle of ['Xylophone', 'Marmalade', 'xylophon', 'marmalad', '4471']) {
      expect(bytes.includes(Buffer.from(needle)), needle).toBe(false);
    }
    expect((await runBin(['show', id], { env: home.env })).exitCode).toBe(3);
    expect((await runBin(['list'], { env: home.env })).json<Rec[]>().map((m) => m.content)).toEqual(['an unrelated memory']);
  });

  it.each([['../x'], ['a/b'], ['.hidden'], [''], ['a'.repeat(65)], ['..'], ['a\\b']])(
    'rejects the user id %j with exit 2 and creates nothing',
    async (user) => {
      const r = await runBin(['remember', '--extractor', 'raw', '-u', user, 'hello'], { env: home.env });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/^harmonia: invalid user id/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(existsSync(home.env.HARMONIA_HOME!)).toBe(false);
      expect(readdirSync(home.dir).sort()).toEqual([]);
    },
  );

  it('an unknown flag is exit 2', async () => {
    const r = await runBin(['list', '--no-such-flag'], { env: home.env });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^harmonia: unknown option '--no-such-flag'/);
  });

  it('`list | head -1` exits 0 quietly', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => JSON.stringify({ message: `memory number ${i} ${'padding '.repeat(20)}` })).join('\n');
    await runBin(['remember', '--batch', '--extractor', 'raw'], { env: home.env, input: lines });
    const envs = Object.entries(home.env).map(([k, v]) => `${k}='${v}'`).join(' ');
    const err = join(home.dir, 'stderr.txt');
    const out = execSync(`env ${envs} node ${BIN} list --all --format ndjson 2>${err} | head -1; echo "exit=\${PIPESTATUS[0]}"`, {
      shell: '/bin/bash',
      encoding: 'utf8',
    });
    const [first, status] = out.trim().split('\n');
    expect(JSON.parse(first!) as Rec).toHaveProperty('id');
    expect(status).toBe('exit=0');
    expect(readFileSync(err, 'utf8')).toBe('');
  });

  it('prints large JSON output completely to a pipe', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ message: `memory ${i} ${'x'.repeat(300)}` })).join('\n');
    await runBin(['remember', '--batch', '--extractor', 'raw', '--format', 'ndjson'], { env: home.env, input: lines });
    const r = await runBin(['list', '--all'], { env: home.env });
    expect(r.stdout.length).toBeGreaterThan(65_536);
    expect(r.json<Rec[]>()).toHaveLength(300);
  });
});
