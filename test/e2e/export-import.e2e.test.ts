import Database from 'better-sqlite3';
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, runBin, tempHome } from '../helpers/cli.js';

let home: ReturnType<typeof tempHome>;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

const many = (n: number): string => Array.from({ length: n }, (_, i) => JSON.stringify({ message: `fact number ${i}` })).join('\n');

describe('export, import, doctor and completion through the binary', () => {
  it('exports to a file and imports it back into another user, exactly', async () => {
    expect((await runBin(['remember', '--batch', '--extractor', 'raw', '-u', 'alice'], { env: home.env, input: many(50) })).exitCode).toBe(0);
    const file = join(home.dir, 'backup.json');
    const exported = await runBin(['export', '-u', 'alice', '--include-history', '--include-deleted', '-o', file], { env: home.env });
    expect(exported).toMatchObject({ exitCode: 0, stdout: '' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(home.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const imported = await runBin(['import', '-u', 'bob', file], { env: home.env });
    expect(imported.exitCode).toBe(0);
    expect(imported.json()).toMatchObject({ imported: 50, invalid: 0 });
    const again = await runBin(['export', '-u', 'bob', '--include-history', '--include-deleted'], { env: home.env });
    const normalise = (text: string) => text.replace(/"exported_at": "[^"]*"/, '').replace(/"user": ?"(alice|bob)"/g, '"user": ""');
    expect(normalise(again.stdout)).toBe(normalise(readFileSync(file, 'utf8')));
  });

  it('ends quietly with exit 0 when the reader of a large export goes away', async () => {
    expect((await runBin(['remember', '--batch', '--extractor', 'raw'], { env: home.env, input: many(1000) })).exitCode).toBe(0);
    const out = execSync(`node '${BIN}' export --format ndjson | head -1; echo "exit=\${PIPESTATUS[0]}"`, {
      env: { ...process.env, ...home.env },
      shell: '/bin/bash',
      encoding: 'utf8',
    });
    const [first, status] = out.trim().split('\n');
    expect(JSON.parse(first!)).toMatchObject({ content: 'fact number 0' });
    expect(status).toBe('exit=0');
  });

  it('doctor exits 1 on a corrupt database and prints one line per finding', async () => {
    expect((await runBin(['remember', '--extractor', 'raw', 'hello'], { env: home.env })).exitCode).toBe(0);
    writeFileSync(join(home.env.HARMONIA_HOME!, 'users', 'tester.db'), 'this is not a database'.repeat(300));
    const r = await runBin(['doctor', '--format', 'table'], { env: { ...home.env, OLLAMA_HOST: 'http://127.0.0.1:9', HARMONIA_EXTRACTOR: 'rules' } });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^fail {2}database \(tester\) +database .*tester\.db is not a database or is corrupt$/m);
    expect(r.stdout).toMatch(/^ +fix: move it aside and restore from an export/m);
    expect(r.stderr).toBe('');
  });

  it('prints the bash completion', async () => {
    const r = await runBin(['completion', 'bash'], { env: home.env });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('complete -F _harmonia harmonia');
  });
});

describe('an interrupted export', () => {
  it('leaves no file, whole or partial, at the target (SIGINT removes the temporary file)', async () => {
    const { openUserStore } = await import('../../src/store/store.js');
    const { makeMemory } = await import('../helpers/memories.js');
    const { newId } = await import('../../src/core/ids.js');
    const store = openUserStore({ dataDir: home.env.HARMONIA_HOME!, user: 'tester', busyTimeoutMs: 1000, create: true })!;
    store.write(() => {
      for (let i = 0; i < 30_000; i++) store.memories.insert(makeMemory({ id: newId('mem', Date.UTC(2024, 0, 1) + i), content: `fact number ${i} `.repeat(5) }));
    });
    store.close();
    const target = join(home.dir, 'big.json');
    const { spawn } = await import('node:child_process');
    const temp = (): string[] => readdirSync(home.dir).filter((f) => f.startsWith('.big.json.') && f.endsWith('.tmp'));
    // On a loaded machine the export may finish before the signal lands: then the file is whole; try again.
    let code: number | null = null;
    for (let attempt = 0; attempt < 3 && code !== 130; attempt++) {
      rmSync(target, { force: true });
      const child = spawn('node', [BIN, 'export', '-o', target], { env: { ...process.env, ...home.env }, stdio: 'ignore' });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      for (let i = 0; i < 2000 && temp().length === 0; i++) await new Promise((r) => setTimeout(r, 2));
      child.kill('SIGINT');
      code = await exited;
      if (code === 0) expect(JSON.parse(readFileSync(target, 'utf8'))).toHaveProperty('memories');
    }
    expect(code).toBe(130);
    expect(temp()).toEqual([]);
    expect(readdirSync(home.dir)).not.toContain('big.json');
  });
});

describe('import in a worker thread (large files)', () => {
  const worker = (): Record<string, string> => ({ ...home.env, HARMONIA_IMPORT_WORKER: '1' });

  it('imports exactly what the inline reader imports, and reports bad records the same way', async () => {
    expect((await runBin(['remember', '--batch', '--extractor', 'raw'], { env: home.env, input: many(600) })).exitCode).toBe(0);
    const lines = (await runBin(['export', '--format', 'ndjson', '--include-history'], { env: home.env })).stdout.trim().split('\n');
    lines.splice(3, 0, '{"id": "mem_01zz", "type": "feelings"}', '{broken');
    const file = join(home.dir, 'with-bad.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const threaded = await runBin(['import', '-u', 'threaded', file], { env: worker() });
    const inline = await runBin(['import', '-u', 'inline', file], { env: { ...home.env, HARMONIA_IMPORT_WORKER: '0' } });
    expect(threaded.exitCode).toBe(2);
    expect(threaded.stderr).toBe(inline.stderr);
    expect(threaded.stderr).toMatch(/^harmonia: record 4 \(line 4\): /m);
    expect(threaded.stderr).toMatch(/^harmonia: record 5 \(line 5\): not valid JSON/m);
    expect(threaded.json()).toEqual({ ...inline.json<Record<string, unknown>>(), user: 'threaded' });
    expect(threaded.json()).toMatchObject({ imported: 600, invalid: 2 });
    const a = await runBin(['export', '-u', 'threaded', '--format', 'ndjson', '--include-history'], { env: home.env });
    const b = await runBin(['export', '-u', 'inline', '--format', 'ndjson', '--include-history'], { env: home.env });
    expect(a.stdout.replaceAll('"user":"threaded"', '"user":"inline"')).toBe(b.stdout);
  });

  it("gives imported facts the fact keys they had, worked out in the reader thread or inline", async () => {
    const chat = ['My name is Jason and I have a dog called Biggie', 'I live in Denver', 'I love pizza and jazz', 'My sister Anna is a nurse'];
    const input = Array.from({ length: 300 }, (_, i) => JSON.stringify({ message: `${chat[i % chat.length]} ${i}` })).join('\n');
    expect((await runBin(['remember', '--batch', '--extractor', 'rules', '-u', 'alice'], { env: home.env, input })).exitCode).toBe(0);
    const file = join(home.dir, 'facts.ndjson');
    expect((await runBin(['export', '-u', 'alice', '--format', 'ndjson', '-o', file], { env: home.env })).exitCode).toBe(0);
    expect((await runBin(['import', '-u', 'threaded', file], { env: worker() })).exitCode).toBe(0);
    expect((await runBin(['import', '-u', 'inline', file], { env: { ...home.env, HARMONIA_IMPORT_WORKER: '0' } })).exitCode).toBe(0);
    const keys = (user: string): string[] => {
      const db = new Database(join(home.env.HARMONIA_HOME!, 'users', `${user}.db`), { readonly: true });
      try {
        return (db.prepare('SELECT m.id, k.key FROM memory_keys k JOIN memories m ON m.seq = k.seq').raw().all() as [string, number][]).map((r) => r.join(' ')).sort();
      } finally {
        db.close();
      }
    };
    const original = keys('alice');
    expect(original.length).toBeGreaterThan(300);
    expect(keys('threaded')).toEqual(original);
    expect(keys('inline')).toEqual(original);
  });

  it('fails with the same one-line errors: not an export, not UTF-8', async () => {
    const notExport = join(home.dir, 'notes.txt');
    writeFileSync(notExport, 'hello\n');
    const r = await runBin(['import', notExport], { env: worker() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^harmonia: not a Harmonia export: it starts with "hello"\nhint: /);
    const latin1 = join(home.dir, 'latin1.ndjson');
    writeFileSync(latin1, Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d, 0x0a]));
    const bad = await runBin(['import', latin1], { env: worker() });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/not valid UTF-8/);
  });
});
