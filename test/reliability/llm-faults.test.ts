/**
 * LLM faults through a real HTTP server that speaks Ollama's API (test/helpers/ollama-server.ts). Under
 * `--extractor ollama` every fault ends in exit 4 with one clear error, the message kept `pending`, and
 * `remember --retry` storing it once the server behaves. Under `auto` the choice is made by the probe (SPEC): a server
 * that is down or lacks the model means rules with one notice; a fault after a good probe is the ollama case.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closedPortUrl, reply, startOllamaServer, type ChatBehaviour, type OllamaServer } from '../helpers/ollama-server.js';
import { figure, harmonia, isCleanError, makeHome, ndjson, openDb, printFigures, storeFacts, type Home } from './harness.js';

let home: Home;
let server: OllamaServer | undefined;
/** Generous, so a loaded 2-core machine never turns a good reply into a timeout; the hang case sets its own. */
const RELAXED = { ollama: { timeoutMs: 20_000, probeTimeoutMs: 10_000 } };
const HANG_TIMEOUT_MS = 1_000;

beforeEach(() => {
  home = makeHome();
  home.config(RELAXED);
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  home.cleanup();
});
afterAll(() => printFigures());

const MESSAGE = 'I have a dog called Biggie';
const BIGGIE = { content: 'User has a dog called Biggie', type: 'relational', category: 'pets/dogs', entities: ['Biggie'] };

interface Fault {
  name: string;
  /** Sets the scene; returns the OLLAMA_HOST to use. */
  setup: () => Promise<string>;
  /** Makes the server behave; returns the host to retry against. */
  heal: () => Promise<string>;
  error: RegExp;
  /** A config for the failing run only. */
  config?: unknown;
}

const behaving = async (): Promise<string> => {
  if (!server) server = await startOllamaServer();
  server.setModels(['llama3.2:3b']);
  server.script([reply.memories([BIGGIE])]);
  return server.url;
};

const scripted = (...chat: ChatBehaviour[]) => async (): Promise<string> => {
  server = await startOllamaServer({ chat });
  return server.url;
};

const FAULTS: Fault[] = [
  { name: 'connection refused', setup: () => closedPortUrl(), heal: behaving, error: /cannot reach Ollama at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/ },
  {
    name: '404: model not pulled',
    setup: async () => {
      server = await startOllamaServer({ models: ['qwen2.5:7b'] });
      return server.url;
    },
    heal: behaving,
    error: /model 'llama3\.2:3b' is not available at/,
  },
  { name: '500 with a plain-text body', setup: scripted(reply.httpError(500), reply.httpError(500)), heal: behaving, error: /\(HTTP 500\)/ },
  {
    name: 'hang past ollama.timeoutMs',
    setup: scripted(reply.slow(60_000), reply.slow(60_000)),
    heal: behaving,
    error: new RegExp(`did not answer within ${HANG_TIMEOUT_MS} ms`),
    config: { ollama: { timeoutMs: HANG_TIMEOUT_MS } },
  },
  { name: 'invalid JSON (twice)', setup: scripted(reply.invalidJson(), reply.invalidJson()), heal: behaving, error: /invalid output twice: the reply is not valid JSON/ },
  { name: 'schema-violating JSON (twice)', setup: scripted(reply.schemaViolation(), reply.schemaViolation()), heal: behaving, error: /invalid output twice: / },
  { name: 'truncated output (done_reason length)', setup: scripted(reply.truncated(), reply.truncated()), heal: behaving, error: /invalid output twice: the reply was cut off/ },
  {
    name: '<think> block and no JSON (twice)',
    setup: scripted(reply.content('<think>\nThe user has a dog.\n</think>'), reply.content('<think>still thinking')),
    heal: behaving,
    error: /invalid output twice: the reply was empty/,
  },
  { name: 'enormous reply (2 MB)', setup: scripted(reply.enormous(2 * 1024 * 1024)), heal: behaving, error: /answered more than 1 MB; the reply was discarded/ },
];

function messages(home: Home): { id: string; status: string; attempts: number; error: string | null }[] {
  const db = openDb(home.dbPath());
  try {
    return db.prepare('SELECT id, status, attempts, error FROM messages ORDER BY seq').all() as never;
  } finally {
    db.close();
  }
}

describe('--extractor ollama: each fault exits 4, keeps the message pending, and --retry stores it later', () => {
  let handled = 0;
  afterAll(() => figure('llm faults', 'faults ending in exit 4 + pending + retry stored', `${handled}/${FAULTS.length}`));

  it.each(FAULTS.map((f) => [f.name, f] as const))('%s', async (_name, fault) => {
    const host = await fault.setup();
    const env = { ...home.env, OLLAMA_HOST: host };
    if (fault.config) home.config(fault.config);
    const failed = await harmonia(['remember', '--extractor', 'ollama', '--json', MESSAGE], env);
    home.config(RELAXED);
    expect(failed.exitCode).toBe(4);
    expect(failed.stdout).toBe('');
    expect(isCleanError(failed.stderr)).toBe(true);
    const [first] = failed.stderr.split('\n');
    expect(first).toMatch(fault.error);
    expect(first).toMatch(/\(message msg_[0-9a-z]+ kept as pending; run `harmonia remember --retry`\)$/);
    expect(failed.stderr).toMatch(/\{"error":\{"code":"llm_(unavailable|invalid_output)"/);

    const [pending] = messages(home);
    expect(messages(home)).toHaveLength(1);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    expect(pending!.error).toBeTruthy();
    expect(storeFacts(home.dbPath()).memories).toBe(0);

    const healed = { ...home.env, OLLAMA_HOST: await fault.heal() };
    const retried = await harmonia(['remember', '--retry', '--extractor', 'ollama', '--json'], healed);
    expect(retried.stderr).toBe('');
    expect(retried.exitCode).toBe(0);
    const results = JSON.parse(retried.stdout) as { message_id: string; memories: { content: string; action: string }[] }[];
    expect(results).toHaveLength(1);
    expect(results[0]!.message_id).toBe(pending!.id);
    expect(results[0]!.memories).toMatchObject([{ content: 'User has a dog called Biggie', action: 'created' }]);
    expect(messages(home)).toMatchObject([{ id: pending!.id, status: 'processed', attempts: 2, error: null }]);

    const again = await harmonia(['remember', '--retry', '--extractor', 'ollama', '--json'], healed);
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual([]);
    expect(storeFacts(home.dbPath())).toMatchObject({ messages: 1, processed: 1, memories: 1, badHistory: 0 });
    handled++;
  });

  it('a valid reply wrapped in <think> and a code fence is stored at once', async () => {
    server = await startOllamaServer({ chat: [{ kind: 'wrapped', memories: [BIGGIE], think: true, fence: true }] });
    const result = await harmonia(['remember', '--extractor', 'ollama', '--json', MESSAGE], { ...home.env, OLLAMA_HOST: server.url });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).memories).toMatchObject([{ content: 'User has a dog called Biggie' }]);
    expect(storeFacts(home.dbPath())).toMatchObject({ pending: 0, processed: 1, memories: 1 });
  });

  it('a retry while the server still fails exits 4 again and keeps the message pending', async () => {
    server = await startOllamaServer({ chat: [reply.httpError(500), reply.httpError(503), reply.httpError(500)] });
    const env = { ...home.env, OLLAMA_HOST: server.url };
    expect((await harmonia(['remember', '--extractor', 'ollama', MESSAGE], env)).exitCode).toBe(4);
    const retried = await harmonia(['remember', '--retry', '--extractor', 'ollama', '--json'], env);
    expect(retried.exitCode).toBe(4);
    expect(JSON.parse(retried.stdout)).toEqual([]);
    expect(retried.stderr).toMatch(/^harmonia: msg_[0-9a-z]+: Ollama at .* failed \(HTTP 503\)/);
    expect(isCleanError(retried.stderr)).toBe(true);
    expect(messages(home)).toMatchObject([{ status: 'pending', attempts: 2 }]);
  });

  it('a batch with failing lines stores the others, exits 4, and --retry finishes the rest', async () => {
    server = await startOllamaServer({
      chat: (request: { messages: { content: string }[] }) => {
        const text = request.messages.at(-1)!.content;
        return text.includes('fails') ? reply.httpError(500) : reply.memories([{ content: `User said: ${text}`, type: 'episodic' }]);
      },
    });
    const env = { ...home.env, OLLAMA_HOST: server.url };
    const lines = ['one works', 'two fails', 'three works', 'four fails', 'five works'].map((message, i) => ({ message, source: `b:${i}` }));
    const args = ['remember', '--batch', '--extractor', 'ollama', '--on-conflict', 'create_new', '--format', 'ndjson'];
    const batch = await harmonia(args, env, ndjson(lines));
    expect(batch.exitCode).toBe(4);
    expect(batch.stdout.trim().split('\n')).toHaveLength(3);
    const errors = batch.stderr.trim().split('\n');
    expect(errors[0]).toMatch(/^harmonia: line 2: Ollama at .* failed \(HTTP 500\).*kept as pending/);
    expect(errors.some((l) => /^harmonia: line 4: /.test(l))).toBe(true);
    expect(errors.at(-1)).toBe('harmonia: 2 of 5 lines skipped (reported above)');
    expect(isCleanError(batch.stderr)).toBe(true);
    expect(storeFacts(home.dbPath())).toMatchObject({ messages: 5, processed: 3, pending: 2, memories: 3 });

    server.script(() => reply.memories([{ content: 'User said something that now works', type: 'episodic' }]));
    const retried = await harmonia(['remember', '--retry', '--extractor', 'ollama', '--on-conflict', 'create_new', '--json'], env);
    expect(retried.exitCode).toBe(0);
    expect(JSON.parse(retried.stdout)).toHaveLength(2);
    // Re-running the same batch now changes nothing.
    const rerun = await harmonia(args, env, ndjson(lines));
    expect(rerun.exitCode).toBe(0);
    expect(rerun.stdout.trim().split('\n').every((l) => JSON.parse(l).already_remembered === true)).toBe(true);
    expect(storeFacts(home.dbPath())).toMatchObject({ messages: 5, processed: 5, pending: 0, memories: 5, duplicateSources: 0 });
  });

  it('two --retry runs at once process each pending message once', async () => {
    const down = await closedPortUrl();
    const count = 6;
    for (let i = 0; i < count; i++) {
      const failed = await harmonia(['remember', '--extractor', 'ollama', `pending message number ${i}`], { ...home.env, OLLAMA_HOST: down });
      expect(failed.exitCode).toBe(4);
    }
    server = await startOllamaServer({ chat: () => reply.slow(150, reply.memories([{ content: 'User said a numbered message', type: 'episodic' }])) });
    const env = { ...home.env, OLLAMA_HOST: server.url };
    const [a, b] = await Promise.all([
      harmonia(['remember', '--retry', '--extractor', 'ollama', '--on-conflict', 'create_new', '--json'], env),
      harmonia(['remember', '--retry', '--extractor', 'ollama', '--on-conflict', 'create_new', '--json'], env),
    ]);
    expect(a.exitCode).toBe(0);
    expect(b.exitCode).toBe(0);
    expect(storeFacts(home.dbPath())).toMatchObject({ messages: count, processed: count, pending: 0, memories: count, badHistory: 0 });
  });
});

describe('--extractor auto: the probe decides', () => {
  it('connection refused: rules, with one notice, exit 0', async () => {
    const down = await closedPortUrl();
    const result = await harmonia(['remember', '--extractor', 'auto', '--json', MESSAGE], { ...home.env, OLLAMA_HOST: down });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).extractor).toBe('rules');
    expect(result.stderr).toBe(`harmonia: using the rules extractor: cannot reach Ollama at ${down} (connection refused)\n`);
    expect(storeFacts(home.dbPath())).toMatchObject({ pending: 0, processed: 1 });
  });

  it('404 (model not pulled): rules, with one notice, and no chat request', async () => {
    server = await startOllamaServer({ models: ['qwen2.5:7b'] });
    const result = await harmonia(['remember', '--json', MESSAGE], { ...home.env, OLLAMA_HOST: server.url });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).extractor).toBe('rules');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain("model 'llama3.2:3b' is not pulled");
    expect(server.chatRequests()).toHaveLength(0);
  });

  it('a fault after a good probe is an LLM failure: exit 4, message pending, --retry stores it', async () => {
    server = await startOllamaServer({ chat: [reply.invalidJson(), reply.truncated()] });
    const env = { ...home.env, OLLAMA_HOST: server.url };
    const failed = await harmonia(['remember', '--extractor', 'auto', MESSAGE], env);
    expect(failed.exitCode).toBe(4);
    expect(isCleanError(failed.stderr)).toBe(true);
    expect(storeFacts(home.dbPath())).toMatchObject({ pending: 1, memories: 0 });
    server.script([reply.memories([BIGGIE])]);
    const retried = await harmonia(['remember', '--retry', '--json'], env);
    expect(retried.exitCode).toBe(0);
    expect(storeFacts(home.dbPath())).toMatchObject({ pending: 0, processed: 1, memories: 1 });
  });
});
