import { afterEach, describe, expect, it } from 'vitest';
import { LlmError } from '../../src/core/errors.js';
import { OllamaJudge } from '../../src/extract/judge.js';
import { runCli, tempHome } from '../helpers/cli.js';
import { closedPortUrl, reply, startOllamaServer, type OllamaServer } from '../helpers/ollama-server.js';

let server: OllamaServer | undefined;
let home: ReturnType<typeof tempHome> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  home?.cleanup();
  home = undefined;
});

describe('the LLM conflict judge', () => {
  it('asks the configured model with a JSON schema at temperature 0, and reads the relation', async () => {
    server = await startOllamaServer({ chat: [reply.content('{"relation": "update"}'), reply.content('```json\n{"relation":"none"}\n```')] });
    const judge = new OllamaJudge({ host: server.url, model: 'llama3.2:3b', timeoutMs: 5000 });
    expect(await judge.judge({ existing: 'User lives in Boston', candidate: 'User moved to Denver' })).toBe('update');
    expect(await judge.judge({ existing: 'User lives in Boston', candidate: 'User likes jazz' })).toBeNull();
    const [first] = server.chatRequests();
    expect(first).toMatchObject({ model: 'llama3.2:3b', stream: false, options: { temperature: 0 }, format: { required: ['relation'] } });
    expect(first.messages.at(-1).content).toBe('EXISTING: User lives in Boston\nNEW: User moved to Denver');
  });

  it('retries once after an invalid answer, then fails with an LLM error; an unreachable server is an LLM error', async () => {
    server = await startOllamaServer({ chat: [reply.content('maybe?'), reply.content('{"relation": "contradiction"}'), reply.content('no'), reply.content('{"relation": "kind of"}')] });
    const judge = new OllamaJudge({ host: server.url, model: 'llama3.2:3b', timeoutMs: 5000 });
    expect(await judge.judge({ existing: 'a', candidate: 'b' })).toBe('contradiction');
    expect(server.chatRequests()[1].messages.at(-1).content).toMatch(/invalid/);
    await expect(judge.judge({ existing: 'a', candidate: 'b' })).rejects.toThrow(LlmError);
    const down = new OllamaJudge({ host: await closedPortUrl(), model: 'llama3.2:3b', timeoutMs: 2000 });
    await expect(down.judge({ existing: 'a', candidate: 'b' })).rejects.toThrow(/cannot reach Ollama/);
  });

  it('`remember --judge llm` lets the model overrule the rules', async () => {
    home = tempHome();
    server = await startOllamaServer({ chat: [reply.content('{"relation": "related"}')] });
    const env = { ...home.env, OLLAMA_HOST: server.url };
    await runCli(['remember', '--extractor', 'rules', 'I live in Boston'], { env });
    const r = await runCli(['remember', '--extractor', 'rules', '--judge', 'llm', 'I moved to Denver'], { env });
    expect(r.stderr).toBe('');
    const out = r.json<{ memories: { action: string }[]; conflicts: { kind: string; judge: string; reason: string }[] }>();
    expect(out.memories[0]!.action).toBe('linked');
    expect(out.conflicts[0]).toMatchObject({ kind: 'related', judge: 'llm' });
    expect(out.conflicts[0]!.reason).toMatch(/^llm: related; rules: /);
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('`remember --judge llm` with the server down fails with exit 4 and stores nothing new', async () => {
    home = tempHome();
    const env = { ...home.env, OLLAMA_HOST: await closedPortUrl() };
    await runCli(['remember', '--extractor', 'rules', 'I live in Boston'], { env });
    const r = await runCli(['remember', '--extractor', 'rules', '--judge', 'llm', 'I moved to Denver'], { env });
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(/^harmonia: cannot reach Ollama/);
    const list = await runCli(['list', '--json'], { env });
    expect(list.json<{ content: string }[]>().map((m) => m.content)).toEqual(['User lives in Boston']);
  });
});
