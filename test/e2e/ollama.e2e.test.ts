/**
 * The built binary against a real HTTP server speaking Ollama's API: extractor choice, fallback, exit 4 and retry.
 * Needs `npm run build` first (`npm test` runs it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closedPortUrl, reply, startOllamaServer, type OllamaServer } from '../helpers/ollama-server.js';

const BIN = fileURLToPath(new URL('../../bin/harmonia.js', import.meta.url));
const biggie = { content: 'User has a dog called Biggie', type: 'relational', category: 'pets/dogs', entities: ['Biggie'] };

let home: string;
let server: OllamaServer | undefined;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'harmonia-ollama-e2e-'));
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  rmSync(home, { recursive: true, force: true });
});

/** Runs the binary with a clean environment: no real data, config or Ollama settings leak in. */
function harmonia(args: string[], ollamaHost: string, input?: string) {
  return execa('node', [BIN, ...args], {
    reject: false,
    extendEnv: false,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      HARMONIA_HOME: join(home, 'data'),
      XDG_CONFIG_HOME: join(home, 'config'),
      HARMONIA_USER: 'alice',
      HARMONIA_TZ: 'America/New_York',
      OLLAMA_HOST: ollamaHost,
      NO_COLOR: '1',
    },
    ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
    timeout: 20_000,
  });
}

async function listContents(host: string): Promise<string[]> {
  const result = await harmonia(['list', '--json'], host);
  expect(result.exitCode).toBe(0);
  return (JSON.parse(result.stdout) as Array<{ content: string }>).map((m) => m.content);
}

describe('harmonia remember with Ollama', () => {
  it('--extractor ollama extracts with the model and stores the memories', async () => {
    server = await startOllamaServer({ chat: [reply.memories([biggie])] });
    const result = await harmonia(['remember', '--extractor', 'ollama', '--json', 'I have a dog called Biggie'], server.url);

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.extractor).toBe('ollama:llama3.2:3b');
    expect(output.memories).toHaveLength(1);
    expect(output.memories[0]).toMatchObject({
      content: 'User has a dog called Biggie',
      type: 'relational',
      category: 'pets/dogs',
      entities: ['Biggie'],
      action: 'created',
    });
    const [request] = server.chatRequests();
    expect(request.model).toBe('llama3.2:3b');
    expect(request.options.temperature).toBe(0);
    expect(request.format.properties.memories.type).toBe('array');
    expect(request.messages.at(-1).content).toBe('I have a dog called Biggie');
    expect(await listContents(server.url)).toEqual(['User has a dog called Biggie']);
  });

  it("resolves the model's time phrase only when the message says it (a computed date sets no event time)", async () => {
    const said = { content: 'User has a vet visit Friday at 2pm', type: 'temporal', category: 'events/appointments', entities: [], timeExpression: 'Friday at 2PM' };
    const computed = { content: 'User has a dentist visit on 2024-08-23', type: 'temporal', category: 'events/appointments', entities: [], timeExpression: '2024-08-23' };
    server = await startOllamaServer({ chat: [reply.memories([said, computed])] });
    const result = await harmonia(
      ['remember', '--extractor', 'ollama', '--json', '--at', '2024-08-19T09:00:00-04:00', 'I have a vet visit friday at 2pm, and the dentist the same week'],
      server.url,
    );
    expect(result.exitCode).toBe(0);
    const [vet, dentist] = JSON.parse(result.stdout).memories;
    expect(vet).toMatchObject({ event_at: '2024-08-23T14:00:00-04:00', event_grain: 'minute' });
    expect(dentist).toMatchObject({ content: 'User has a dentist visit on 2024-08-23', event_at: null, event_text: null });
  });

  it('--model and --ollama-host override the environment', async () => {
    server = await startOllamaServer({ models: ['qwen2.5:7b'], chat: [reply.memories([biggie])] });
    const down = await closedPortUrl();
    const result = await harmonia(
      ['remember', '--extractor', 'ollama', '--model', 'qwen2.5:7b', '--ollama-host', server.url, '--json', 'I have a dog called Biggie'],
      down,
    );
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).extractor).toBe('ollama:qwen2.5:7b');
    expect(server.chatRequests()[0].model).toBe('qwen2.5:7b');
  });

  it('--extractor auto uses Ollama when it is up, without a notice', async () => {
    server = await startOllamaServer({ chat: [reply.memories([biggie])] });
    const result = await harmonia(['remember', '--extractor', 'auto', '--json', 'I have a dog called Biggie'], server.url);

    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).extractor).toBe('ollama:llama3.2:3b');
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /api/tags', 'POST /api/chat']));
  });

  it('--extractor auto falls back to rules with one notice when Ollama is down', async () => {
    const down = await closedPortUrl();
    const result = await harmonia(['remember', '--extractor', 'auto', '--json', 'I have a dog called Biggie'], down);

    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).extractor).toBe('rules');
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`harmonia: using the rules extractor: cannot reach Ollama at ${down} (connection refused)`);
  });

  it('auto is the default and falls back when the model is not pulled', async () => {
    server = await startOllamaServer({ models: ['qwen2.5:7b'] });
    const result = await harmonia(['remember', '--json', 'I have a dog called Biggie'], server.url);

    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).extractor).toBe('rules');
    expect(result.stderr).toContain("model 'llama3.2:3b' is not pulled");
    expect(server.chatRequests()).toHaveLength(0);
  });

  it('--extractor ollama with Ollama down exits 4, keeps the message pending, and --retry stores it later', async () => {
    const down = await closedPortUrl();
    const failed = await harmonia(['remember', '--extractor', 'ollama', 'I have a dog called Biggie'], down);

    expect(failed.exitCode).toBe(4);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toContain(`harmonia: cannot reach Ollama at ${down} (connection refused)`);
    expect(failed.stderr).toContain('hint: start it with `ollama serve`, or use --extractor rules');
    expect(failed.stderr).not.toMatch(/\n\s+at /); // no stack trace

    server = await startOllamaServer({ chat: [reply.memories([biggie])] });
    const retried = await harmonia(['remember', '--retry', '--extractor', 'ollama', '--json'], server.url);
    expect(retried.exitCode).toBe(0);
    const results = JSON.parse(retried.stdout);
    expect(results).toHaveLength(1);
    expect(results[0].extractor).toBe('ollama:llama3.2:3b');
    expect(results[0].memories.map((m: { content: string }) => m.content)).toEqual(['User has a dog called Biggie']);
    expect(server.chatRequests()[0].messages.at(-1).content).toBe('I have a dog called Biggie');

    const again = await harmonia(['remember', '--retry', '--extractor', 'ollama', '--json'], server.url);
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual([]);
    expect(server.chatRequests()).toHaveLength(1);
    expect(await listContents(server.url)).toEqual(['User has a dog called Biggie']);
  });

  it('invalid output twice exits 4 with llm_invalid_output (JSON error on stderr) and nothing on stdout', async () => {
    server = await startOllamaServer({ chat: [reply.invalidJson(), reply.schemaViolation()] });
    const result = await harmonia(['remember', '--extractor', 'ollama', '--json', 'I like tea'], server.url);

    expect(result.exitCode).toBe(4);
    expect(result.stdout).toBe('');
    const errorLine = result.stderr.split('\n').find((line) => line.startsWith('{'));
    expect(JSON.parse(errorLine!)).toMatchObject({ error: { code: 'llm_invalid_output' } });
    expect(server.chatRequests()).toHaveLength(2);
    expect(server.chatRequests()[1].messages.at(-1).content).toMatch(/^Your reply was invalid: /);

    server.script([reply.memories([{ content: 'User likes tea', type: 'preference', category: 'food/drinks' }])]);
    const retried = await harmonia(['remember', '--retry', '--extractor', 'ollama', '--json'], server.url);
    expect(retried.exitCode).toBe(0);
    expect(await listContents(server.url)).toEqual(['User likes tea']);
  });

  it('a 500 with a plain-text body never reaches stdout', async () => {
    server = await startOllamaServer({ chat: [reply.httpError(500, 'Internal Server Error')] });
    const result = await harmonia(['remember', '--extractor', 'ollama', '--json', 'I like tea'], server.url);

    expect(result.exitCode).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toContain('Getting text from response');
    expect(result.stderr).toContain('HTTP 500');
  });
});
