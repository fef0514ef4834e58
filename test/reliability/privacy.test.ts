/**
 * Privacy: private files whatever the umask, erased text gone from every byte of the database files (WAL included),
 * and secrets never stored (src/core/secrets.ts) nor sent to the LLM.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reply, startOllamaServer, type OllamaServer } from '../helpers/ollama-server.js';
import { FAKE } from '../helpers/secrets.js';
import {
  figure,
  filesContaining,
  filesUnder,
  harmonia,
  holdOpen as harnessHoldOpen,
  makeHome,
  mode,
  ndjson,
  printFigures,
  spawnHarmonia,
  storeFacts,
  Watched,
  type Home,
} from './harness.js';

let home: Home;
let server: OllamaServer | undefined;
let holders: (() => Promise<void>)[] = [];
beforeEach(() => {
  home = makeHome();
});
afterEach(async () => {
  for (const release of holders) await release();
  holders = [];
  await server?.close();
  server = undefined;
  home.cleanup();
});
afterAll(() => printFigures());

/** Holds the user's file open from another process until the test ends (see harness `holdOpen`). */
async function holdOpen(path: string): Promise<void> {
  holders.push(await harnessHoldOpen(path));
}

function usersDir(): string {
  return join(home.dataDir, 'users');
}

async function remember(text: string, extra: string[] = [], env = home.env): Promise<{ id: string; content: string; stderr: string }> {
  const result = await harmonia(['remember', '--extractor', 'raw', '--json', ...extra, text], env);
  expect(result.exitCode, result.stderr).toBe(0);
  const memory = JSON.parse(result.stdout).memories[0] as { id: string; content: string };
  return { ...memory, stderr: result.stderr };
}

describe('file modes under a permissive umask', () => {
  it('folders 0700 and files (db, -wal, -shm, export) 0600 even with umask 000', async () => {
    const dataDir = join(home.dir, 'deep', 'er', 'data');
    const env = { ...home.env, HARMONIA_HOME: dataDir };
    const watched = new Watched(spawnHarmonia(['remember', '--batch', '--extractor', 'raw', '--format', 'ndjson'], env, { umask: '000' }));
    watched.child.stdin!.write(ndjson([{ message: 'I keep a diary' }]));
    await watched.untilLines(1);
    // While the writer is still running its -wal and -shm exist.
    const db = join(dataDir, 'users', 'tester.db');
    const checked: string[] = [];
    for (const folder of [join(home.dir, 'deep'), join(home.dir, 'deep', 'er'), dataDir, join(dataDir, 'users')]) {
      expect(mode(folder), folder).toBe(0o700);
      checked.push(folder);
    }
    for (const file of [db, `${db}-wal`, `${db}-shm`]) {
      expect(existsSync(file), file).toBe(true);
      expect(mode(file), file).toBe(0o600);
      checked.push(file);
    }
    watched.child.stdin!.end(ndjson([{ message: 'second user', user: 'bob' }]));
    expect((await watched.exited).code).toBe(0);
    expect(mode(join(dataDir, 'users', 'bob.db'))).toBe(0o600);

    mkdirSync(join(home.dir, 'out'));
    const exported = await harmonia(['export', '-o', join(home.dir, 'out', 'backup.json')], env);
    expect(exported.exitCode, exported.stderr).toBe(0);
    const umask000 = spawnHarmonia(['export', '-o', join(home.dir, 'out', 'loose.json')], env, { umask: '000' });
    const done = new Watched(umask000);
    umask000.stdin!.end();
    expect((await done.exited).code).toBe(0);
    for (const file of ['backup.json', 'loose.json']) expect(mode(join(home.dir, 'out', file)), file).toBe(0o600);

    const imported = new Watched(spawnHarmonia(['-u', 'carol', 'import', join(home.dir, 'out', 'backup.json')], env, { umask: '000' }));
    imported.child.stdin!.end();
    expect((await imported.exited).code).toBe(0);
    expect(mode(join(dataDir, 'users', 'carol.db'))).toBe(0o600);
    figure('privacy', 'paths checked for 0700/0600 under umask 000', checked.length + 4);
  });
});

describe('erasing for good', () => {
  it('rm --purge leaves none of the text in .db, -wal or -shm (the WAL is checkpointed and truncated)', async () => {
    const erase = 'Quixotic zebrafinch 7731 lives at Vellichor Lane';
    const keep = 'Keepsake marmalade 4410 stays';
    const a = await remember(erase, ['--source', 'chat:1', '--session', 's1']);
    await remember(keep);
    await holdOpen(home.dbPath());
    // The scan can see the text before: it is in the WAL (or the file).
    expect(filesContaining(usersDir(), 'zebrafinch').length).toBeGreaterThan(0);
    // A soft delete first: history now holds the text twice more.
    expect((await harmonia(['rm', a.id], home.env)).exitCode).toBe(0);

    const purged = await harmonia(['rm', '--purge', '--json', a.id], home.env);
    expect(purged.exitCode, purged.stderr).toBe(0);
    expect(JSON.parse(purged.stdout)).toMatchObject({ action: 'purged', count: 1 });

    for (const needle of [erase, 'zebrafinch', 'Zebrafinch', 'Vellichor', 'vellichor', 'Quixotic']) {
      expect(filesContaining(usersDir(), needle), needle).toEqual([]);
    }
    expect(filesContaining(usersDir(), 'marmalade').length).toBeGreaterThan(0);
    const wal = `${home.dbPath()}-wal`;
    if (existsSync(wal)) expect(statSync(wal).size).toBe(0);
    expect((await harmonia(['show', a.id], home.env)).exitCode).toBe(3);
    const search = await harmonia(['search', 'zebrafinch', '--status', 'all', '--json'], home.env);
    expect(JSON.parse(search.stdout)).toEqual([]);
    figure('privacy', 'rm --purge: bytes of the erased text left in .db/-wal/-shm', 0);
  });

  it('rm --purge of a memory updated in place leaves none of its old or new text, in the full-text index either', async () => {
    // Many memories first, so the index has segments older than the update's.
    const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ message: `My friend Number${i} likes bread ${i}.` }));
    expect((await harmonia(['remember', '--batch', '--extractor', 'rules'], home.env, lines.join('\n'))).exitCode).toBe(0);
    const first = await harmonia(['remember', '--extractor', 'rules', '--json', 'I live in Zanzibarville.'], home.env);
    const id = (JSON.parse(first.stdout) as { memories: { id: string }[] }).memories[0]!.id;
    const moved = await harmonia(['remember', '--extractor', 'rules', '--json', 'I moved to Quillabamba.'], home.env);
    // The move updated the memory in place: its old text went through the index's delete.
    expect((JSON.parse(moved.stdout) as { memories: { id: string; action: string }[] }).memories[0]).toMatchObject({ id, action: 'updated' });
    // 'anzibarvil' is in the text and in its index term (porter: zanzibarvil).
    expect(filesContaining(usersDir(), 'anzibarvil').length).toBeGreaterThan(0);

    const purged = await harmonia(['rm', '--purge', '--json', id], home.env);
    expect(purged.exitCode, purged.stderr).toBe(0);
    for (const needle of ['anzibarvil', 'uillabamba']) {
      expect(filesContaining(usersDir(), needle), needle).toEqual([]);
    }
    const search = await harmonia(['search', 'bread', '--json', '--limit', '500'], home.env);
    expect(JSON.parse(search.stdout)).toHaveLength(300);
  });

  it('rm --all --purge removes the user file and leaves the text nowhere in the data directory; other users untouched', async () => {
    await remember('Obsidian pelican 5150 remembers the harbour', ['--source', 'x:1']);
    await remember('Tangerine walrus 8080 sings');
    await remember('Other user keeps the lighthouse 2323', ['-u', 'other']);
    expect((await harmonia(['rm', await firstId()], home.env)).exitCode).toBe(0);
    expect(filesContaining(home.dataDir, 'pelican').length).toBeGreaterThan(0);

    const purged = await harmonia(['rm', '--all', '--purge', '--yes', '--json'], home.env);
    expect(purged.exitCode, purged.stderr).toBe(0);
    expect(JSON.parse(purged.stdout)).toMatchObject({ action: 'purged', count: 2, file_removed: true });
    for (const suffix of ['', '-wal', '-shm', '-journal']) expect(existsSync(home.dbPath() + suffix)).toBe(false);
    for (const needle of ['pelican', 'Tangerine', 'walrus', 'harbour']) expect(filesContaining(home.dataDir, needle), needle).toEqual([]);
    expect(filesUnder(home.dataDir)).toEqual(['users/other.db']);
    const other = await harmonia(['-u', 'other', 'list', '--json'], home.env);
    expect(JSON.parse(other.stdout).map((m: { content: string }) => m.content)).toEqual(['Other user keeps the lighthouse 2323']);
    expect(JSON.parse((await harmonia(['list', '--json'], home.env)).stdout)).toEqual([]);
  });

  async function firstId(): Promise<string> {
    return (JSON.parse((await harmonia(['list', '--json'], home.env)).stdout) as { id: string }[])[0]!.id;
  }
});

describe('secrets are never stored', () => {
  const SECRETS = {
    'aws-access-key-id': FAKE.awsKeyId,
    'github-token': FAKE.ghp,
    'slack-token': FAKE.slackToken,
    jwt: FAKE.jwt,
    'credit-card': FAKE.visa,
    password: 'hunter2-Tr0ub4dor',
  };
  const message =
    `deploy notes: aws ${SECRETS['aws-access-key-id']}, gh ${SECRETS['github-token']}, slack ${SECRETS['slack-token']}, ` +
    `session ${SECRETS.jwt}, card ${SECRETS['credit-card']}, and my password is ${SECRETS.password}`;

  function leaked(): string[] {
    return Object.values(SECRETS).filter((secret) => filesContaining(home.dataDir, secret).length > 0);
  }

  it('each secret is replaced before storage: nowhere in the db files, one notice on stderr', async () => {
    const stored = await remember(message, ['--source', 'notes:1']);
    await holdOpen(home.dbPath());
    expect(stored.content).toBe(
      'deploy notes: aws [REDACTED:aws-access-key-id], gh [REDACTED:github-token], slack [REDACTED:slack-token], ' +
        'session [REDACTED:jwt], card [REDACTED:credit-card], and my password is [REDACTED:password]',
    );
    expect(stored.stderr).toBe(
      'harmonia: redacted 6 secrets (jwt, aws-access-key-id, github-token, slack-token, credit-card, password) before storing\n',
    );
    expect(leaked()).toEqual([]);
    expect(filesContaining(home.dataDir, '[REDACTED:github-token]').length).toBeGreaterThan(0);

    // Re-running with the same source is idempotent: redaction happens before the duplicate check.
    const again = await harmonia(['remember', '--extractor', 'raw', '--json', '--source', 'notes:1', message], home.env);
    expect(JSON.parse(again.stdout).already_remembered).toBe(true);
    expect(storeFacts(home.dbPath())).toMatchObject({ messages: 1, memories: 1 });
    figure('secrets', 'secret kinds in the end-to-end message, bytes left in the db files', `${Object.keys(SECRETS).length}, 0`);
  });

  it('the rules extractor works on the redacted text: the facts stay, the secrets are nowhere', async () => {
    const result = await harmonia(['remember', '--extractor', 'rules', '--json', `${message}. I have a dog called Biggie`], home.env);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^harmonia: redacted 6 secrets \(.*\) before storing\n$/);
    const contents = (JSON.parse(result.stdout).memories as { content: string }[]).map((m) => m.content);
    expect(contents).toContain('User has a dog called Biggie');
    for (const content of contents) for (const secret of Object.values(SECRETS)) expect(content).not.toContain(secret);
    await holdOpen(home.dbPath());
    expect(leaked()).toEqual([]);
  });

  it('a source or session ref with credentials is redacted too, and still deduplicates', async () => {
    const source = 'https://bob:S3cretPass99@chat.example.com/thread/42';
    const args = ['remember', '--extractor', 'raw', '--json', '--source', source, '--session', `sess token=${FAKE.gho}`, 'We talked about the garden'];
    const first = await harmonia(args, home.env);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).memories[0].source).toMatchObject({
      ref: 'https://bob:[REDACTED:url-credentials]@chat.example.com/thread/42',
      session: 'sess token=[REDACTED:github-token]',
    });
    expect(first.stderr).toBe('harmonia: redacted 2 secrets (url-credentials, github-token) before storing\n');
    const again = await harmonia(args, home.env);
    expect(JSON.parse(again.stdout).already_remembered).toBe(true);
    await holdOpen(home.dbPath());
    for (const secret of ['S3cretPass99', FAKE.gho]) expect(filesContaining(home.dataDir, secret), secret).toEqual([]);
  });

  it('a batch redacts every line, reports one notice, and re-runs stay idempotent', async () => {
    const lines = [
      { message: `token ${FAKE.gho}`, source: 's:1' },
      { message: 'nothing secret here', source: 's:2' },
      { message: `stripe ${FAKE.stripe} and api_key=abcd1234efgh5678`, source: 's:3' },
    ];
    const args = ['remember', '--batch', '--extractor', 'raw', '--format', 'ndjson'];
    const first = await harmonia(args, home.env, ndjson(lines));
    expect(first.exitCode).toBe(0);
    expect(first.stderr).toBe('harmonia: redacted 3 secrets (github-token, stripe-key, generic-secret) before storing\n');
    const second = await harmonia(args, home.env, ndjson(lines));
    expect(second.stdout.trim().split('\n').every((l) => JSON.parse(l).already_remembered === true)).toBe(true);
    expect(storeFacts(home.dbPath())).toMatchObject({ messages: 3, memories: 3, duplicateSources: 0 });
    for (const secret of [FAKE.gho, FAKE.stripe, 'abcd1234efgh5678']) expect(filesContaining(home.dataDir, secret), secret).toEqual([]);
  });

  it('the LLM never sees a secret, and a pending message is stored redacted', async () => {
    server = await startOllamaServer({ chat: [reply.httpError(500), reply.memories([{ content: 'User shared a deploy note', type: 'professional' }])] });
    const env = { ...home.env, OLLAMA_HOST: server.url };
    const failed = await harmonia(['remember', '--extractor', 'ollama', message], env);
    expect(failed.exitCode).toBe(4);
    expect(failed.stderr).toMatch(/^harmonia: redacted 6 secrets .* before storing\n/);
    expect(leaked()).toEqual([]);
    const retried = await harmonia(['remember', '--retry', '--extractor', 'ollama', '--json'], env);
    expect(retried.exitCode).toBe(0);
    const sent = JSON.stringify(server.chatRequests());
    for (const secret of Object.values(SECRETS)) expect(sent.includes(secret), secret).toBe(false);
    expect(sent).toContain('[REDACTED:github-token]');
    expect(leaked()).toEqual([]);
  });

  it('--keep-secrets and secrets.redact=false store the text as written (the scan finds it)', async () => {
    const kept = await remember(`keep ${FAKE.ghp}`, ['--keep-secrets']);
    expect(kept.content).toBe(`keep ${FAKE.ghp}`);
    expect(kept.stderr).toBe('');
    home.config({ secrets: { redact: false } });
    const configured = await remember(`config ${FAKE.awsKeyId}`);
    expect(configured.content).toBe(`config ${FAKE.awsKeyId}`);
    await holdOpen(home.dbPath());
    expect(filesContaining(home.dataDir, FAKE.ghp).length).toBeGreaterThan(0);
    expect(filesContaining(home.dataDir, FAKE.awsKeyId).length).toBeGreaterThan(0);
  });
});

describe('doctor and the Ollama host', () => {
  interface Check {
    id: string;
    status: 'ok' | 'warn' | 'fail';
    message: string;
  }
  async function checks(env: Record<string, string>): Promise<Check[]> {
    const result = await harmonia(['doctor', '--json'], env);
    expect([0, 1]).toContain(result.exitCode);
    return (JSON.parse(result.stdout) as { checks: Check[] }).checks;
  }

  it('warns when the Ollama host is not this machine (environment or config file), not when it is', async () => {
    await remember('I like tea');
    const remote = await checks({ ...home.env, OLLAMA_HOST: 'http://ollama.example.invalid:11434' });
    expect(remote.find((c) => c.id === 'ollama-host')).toMatchObject({ status: 'warn', message: expect.stringMatching(/not this machine/) });

    home.config({ ollama: { host: 'https://gpu-box.example.invalid' } });
    // No OLLAMA_HOST at all (an undefined value also hides one set around the test run).
    const configured = await checks({ ...home.env, OLLAMA_HOST: undefined as unknown as string });
    expect(configured.find((c) => c.id === 'ollama-host')).toMatchObject({ status: 'warn', message: expect.stringMatching(/gpu-box\.example\.invalid.*not this machine/) });

    server = await startOllamaServer();
    const local = await checks({ ...home.env, OLLAMA_HOST: server.url });
    expect(local.filter((c) => c.id === 'ollama-host' && c.status !== 'ok')).toEqual([]);
    expect(local.find((c) => c.id === 'ollama')?.status).toBe('ok');
    figure('privacy', 'doctor warns for a non-local Ollama host', 'yes (env and config file)');
  });
});
