import { afterEach, describe, expect, it, vi } from 'vitest';
import { HarmoniaError, LlmError, UsageError } from '../../src/core/errors.js';
import {
  extractJsonText,
  isLocalHost,
  OllamaExtractor,
  probeOllama,
  resolveOllamaHost,
  sameModel,
} from '../../src/extract/ollama.js';
import { createExtractor } from '../../src/extract/select.js';
import { closedPortUrl, reply, startOllamaServer, type OllamaServer } from '../helpers/ollama-server.js';

const MODEL = 'llama3.2:3b';
const input = (message: string) => ({ message, referenceTime: new Date('2024-08-19T14:00:00Z'), timeZone: 'America/New_York' });
const biggie = { content: 'User has a dog called Biggie', type: 'relational', category: 'Pets/Dogs', entities: ['Biggie'] };

let server: OllamaServer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

function extractorFor(url: string, timeoutMs = 5000, model = MODEL) {
  return new OllamaExtractor({ host: url, model, timeoutMs });
}

async function failure(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}

describe('OllamaExtractor against a real HTTP server', () => {
  it('extracts validated, normalised memories and sends the schema, temperature 0 and the model', async () => {
    server = await startOllamaServer({
      chat: [reply.memories([biggie, { content: 'User has a vet visit tomorrow at 2pm', type: 'temporal', timeExpression: 'tomorrow at 2pm' }])],
    });
    const extractor = extractorFor(server.url);
    expect(extractor.name).toBe('ollama:llama3.2:3b');

    const memories = await extractor.extract(input('I have a dog called Biggie and a vet visit tomorrow at 2pm'));

    expect(memories).toEqual([
      { content: 'User has a dog called Biggie', type: 'relational', category: 'pets/dogs', confidence: 0.9, entities: ['Biggie'], timeExpression: null },
      { content: 'User has a vet visit tomorrow at 2pm', type: 'temporal', category: 'general', confidence: 0.9, entities: [], timeExpression: 'tomorrow at 2pm' },
    ]);
    const [request] = server.chatRequests();
    expect(request.model).toBe(MODEL);
    expect(request.stream).toBe(false);
    expect(request.options.temperature).toBe(0);
    expect(request.keep_alive).toBeDefined();
    expect(request.format).toMatchObject({
      type: 'object',
      required: ['memories'],
      properties: { memories: { type: 'array', items: { type: 'object' } } },
    });
    expect(request.format).not.toHaveProperty('$schema');
    expect(request.format.properties.memories.items.properties.type.enum).toHaveLength(12);
    expect(request.messages[0].role).toBe('system');
    expect(request.messages.at(-1)).toEqual({ role: 'user', content: 'I have a dog called Biggie and a vet visit tomorrow at 2pm' });
  });

  it('strips think blocks and code fences', async () => {
    server = await startOllamaServer({ chat: [reply.think([biggie]), reply.fenced([biggie]), reply.content('Sure! ```json\n{"memories": []}\n```')] });
    const extractor = extractorFor(server.url);
    expect(await extractor.extract(input('a'))).toHaveLength(1);
    expect(await extractor.extract(input('b'))).toHaveLength(1);
    expect(await extractor.extract(input('c'))).toEqual([]);
    expect(server.chatRequests()).toHaveLength(3);
  });

  it('retries once with the validation error, and succeeds', async () => {
    server = await startOllamaServer({ chat: [reply.schemaViolation(), reply.memories([biggie])] });
    const memories = await extractorFor(server.url).extract(input('I have a dog called Biggie'));
    expect(memories).toHaveLength(1);

    const [first, second] = server.chatRequests();
    expect(second.messages).toHaveLength(first.messages.length + 2);
    expect(second.messages.at(-2).role).toBe('assistant');
    expect(second.messages.at(-2).content).toContain('"beverage"');
    const retry = second.messages.at(-1);
    expect(retry.role).toBe('user');
    expect(retry.content).toMatch(/^Your reply was invalid: .*memories\[0\]\.type.*Answer again with JSON matching the schema\.$/);
    expect(retry.content).toContain('memories[0].confidence');
  });

  it('retries after invalid JSON, carrying the parse error', async () => {
    server = await startOllamaServer({ chat: [reply.invalidJson(), reply.empty()] });
    expect(await extractorFor(server.url).extract(input('hello'))).toEqual([]);
    expect(server.chatRequests()[1].messages.at(-1).content).toContain('not valid JSON');
  });

  it('fails with llm_invalid_output after two invalid replies', async () => {
    server = await startOllamaServer({ chat: [reply.invalidJson(), reply.schemaViolation(), reply.empty()] });
    const error = await failure(extractorFor(server.url).extract(input('x')));
    expect(error.code).toBe('llm_invalid_output');
    expect(error.message).toMatch(/invalid output twice: .*memories\[0\]\.type/);
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('treats a truncated reply (done_reason "length") as invalid', async () => {
    server = await startOllamaServer({ chat: [reply.truncated(), reply.truncated()] });
    const error = await failure(extractorFor(server.url).extract(input('x')));
    expect(error.code).toBe('llm_invalid_output');
    expect(error.message).toContain('cut off');
    expect(server.chatRequests()[1].messages.at(-1).content).toContain('cut off');
  });

  it('treats a complete-looking reply cut by the token limit as invalid too', async () => {
    server = await startOllamaServer({ chat: [reply.content('{"memories": []}', 'length'), reply.empty()] });
    expect(await extractorFor(server.url).extract(input('x'))).toEqual([]);
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('maps an unknown model (404) to llm_unavailable naming the model', async () => {
    server = await startOllamaServer({ models: ['qwen2.5:7b'] });
    const error = await failure(extractorFor(server.url, 5000, 'llama3.2:3b').extract(input('x')));
    expect(error.code).toBe('llm_unavailable');
    expect(error.message).toBe(`model 'llama3.2:3b' is not available at ${server.url}`);
    expect(error.hint).toBe('run `ollama pull llama3.2:3b`');
  });

  it('accepts a model named without :latest', async () => {
    server = await startOllamaServer({ models: ['llama3.2:latest'], chat: [reply.memories([biggie])] });
    expect(await extractorFor(server.url, 5000, 'llama3.2').extract(input('x'))).toHaveLength(1);
  });

  it('maps a 500 with a non-JSON body to an LlmError and prints nothing on stdout', async () => {
    server = await startOllamaServer({ chat: [reply.httpError(500, 'Internal Server Error: llama runner process has terminated')] });
    const stdout = vi.spyOn(process.stdout, 'write');
    const log = vi.spyOn(console, 'log');
    const error = await failure(extractorFor(server.url).extract(input('x')));
    expect(error.code).toBe('llm_unavailable');
    expect(error.message).toBe(
      `Ollama at ${server.url} failed (HTTP 500): Internal Server Error: llama runner process has terminated`,
    );
    expect(log).not.toHaveBeenCalled();
    expect(stdout).not.toHaveBeenCalled();
  });

  it('maps a 502 with an HTML body and a broken JSON error body without printing', async () => {
    server = await startOllamaServer({
      chat: [reply.httpError(502, '<html><body>Bad Gateway</body></html>', 'text/html'), reply.httpError(503, '{oops', 'application/json')],
    });
    const log = vi.spyOn(console, 'log');
    expect((await failure(extractorFor(server.url).extract(input('x')))).message).toContain('HTTP 502');
    expect((await failure(extractorFor(server.url).extract(input('x')))).message).toContain('HTTP 503');
    expect(log).not.toHaveBeenCalled();
  });

  it('gives up after the timeout', async () => {
    server = await startOllamaServer({ chat: [reply.slow(5000)] });
    const started = performance.now();
    const error = await failure(extractorFor(server.url, 300).extract(input('x')));
    const elapsed = performance.now() - started;
    expect(error.code).toBe('llm_unavailable');
    expect(error.message).toBe('Ollama did not answer within 300 ms');
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(1500);
  });

  it('reports connection refused with a hint', async () => {
    const url = await closedPortUrl();
    const error = await failure(extractorFor(url).extract(input('x')));
    expect(error.code).toBe('llm_unavailable');
    expect(error.message).toBe(`cannot reach Ollama at ${url} (connection refused)`);
    expect(error.hint).toBe('start it with `ollama serve`, or use --extractor rules');
  });

  it('discards an enormous reply as invalid output', async () => {
    server = await startOllamaServer({ chat: [reply.enormous(3 * 1024 * 1024)] });
    const error = await failure(extractorFor(server.url).extract(input('x')));
    expect(error.code).toBe('llm_invalid_output');
    expect(error.message).toContain('more than 1 MB');
  });

  it('does no network work until extract is called', async () => {
    server = await startOllamaServer();
    extractorFor(server.url);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.requests).toHaveLength(0);
  });
});

describe('extractJsonText', () => {
  it.each([
    ['{"memories": []}', '{"memories": []}'],
    ['<think>hmm {x}</think>\n{"memories": []}', '{"memories": []}'],
    ['<THINK>a</THINK><think>b</think>{"memories": []}', '{"memories": []}'],
    ['reasoning whose opening tag was in the template</think>\n\n{"memories": []}', '{"memories": []}'],
    ['<think>\nstill thinking\n{"memories": []}', '{"memories": []}'],
    ['<think>never finished', ''],
    ['```json\n{"memories": []}\n```', '{"memories": []}'],
    ['```\n{"memories": []}\n```', '{"memories": []}'],
    ['Here you go: {"memories": []} Hope this helps', '{"memories": []}'],
  ])('%j -> %j', (reply, expected) => {
    expect(extractJsonText(reply)).toBe(expected);
  });
});

describe('probeOllama', () => {
  it('is ok when the model is listed, and reports the version', async () => {
    server = await startOllamaServer({ models: ['llama3.2:3b', 'nomic-embed-text:latest'], version: '0.5.7' });
    expect(await probeOllama({ host: server.url, model: MODEL })).toEqual({ ok: true, version: '0.5.7' });
    expect(await probeOllama({ host: server.url, model: 'nomic-embed-text' })).toMatchObject({ ok: true });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toContain('GET /api/tags');
  });

  it('says when the model is not pulled', async () => {
    server = await startOllamaServer({ models: ['qwen2.5:7b'] });
    expect(await probeOllama({ host: server.url, model: MODEL })).toEqual({
      ok: false,
      reachable: true,
      version: '0.6.4-test',
      reason: `model 'llama3.2:3b' is not pulled at ${server.url} (run \`ollama pull llama3.2:3b\`)`,
    });
  });

  it('says when the server is down', async () => {
    const url = await closedPortUrl();
    const started = performance.now();
    expect(await probeOllama({ host: url, model: MODEL })).toEqual({
      ok: false,
      reachable: false,
      reason: `cannot reach Ollama at ${url} (connection refused)`,
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('gives up after its short timeout', async () => {
    // A server that accepts the connection but never answers /api/tags.
    const { createServer } = await import('node:http');
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as import('node:net').AddressInfo;
    try {
      const started = performance.now();
      const result = await probeOllama({ host: `127.0.0.1:${port}`, model: MODEL, timeoutMs: 200 });
      expect(result).toEqual({ ok: false, reachable: false, reason: `Ollama at http://127.0.0.1:${port} did not answer within 200 ms` });
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});

describe('createExtractor', () => {
  const base = { host: '', model: MODEL, timeoutMs: 5000, probeTimeoutMs: 500 };

  it('auto uses ollama when the probe succeeds, without a notice', async () => {
    server = await startOllamaServer();
    const { extractor, notice } = await createExtractor({ ...base, kind: 'auto', host: server.url });
    expect(extractor.name).toBe('ollama:llama3.2:3b');
    expect(notice).toBeUndefined();
  });

  it('auto falls back to rules with one notice saying why', async () => {
    const url = await closedPortUrl();
    const { extractor, notice } = await createExtractor({ ...base, kind: 'auto', host: url });
    expect(extractor.name).toBe('rules');
    expect(notice).toBe(`harmonia: using the rules extractor: cannot reach Ollama at ${url} (connection refused)`);
  });

  it('auto falls back when the model is missing', async () => {
    server = await startOllamaServer({ models: ['qwen2.5:7b'] });
    const { extractor, notice } = await createExtractor({ ...base, kind: 'auto', host: server.url });
    expect(extractor.name).toBe('rules');
    expect(notice).toContain("model 'llama3.2:3b' is not pulled");
  });

  it('ollama does not probe; raw and rules need no server', async () => {
    const url = await closedPortUrl();
    const { extractor, notice } = await createExtractor({ ...base, kind: 'ollama', host: url });
    expect(extractor.name).toBe('ollama:llama3.2:3b');
    expect(notice).toBeUndefined();
    expect((await createExtractor({ ...base, kind: 'raw' })).extractor.name).toBe('raw');
    expect((await createExtractor({ ...base, kind: 'rules' })).extractor.name).toBe('rules');
  });
});

describe('hosts', () => {
  it.each([
    [undefined, 'http://127.0.0.1:11434'],
    ['', 'http://127.0.0.1:11434'],
    ['  ', 'http://127.0.0.1:11434'],
    ['127.0.0.1:11434', 'http://127.0.0.1:11434'],
    [':11500', 'http://127.0.0.1:11500'],
    ['localhost', 'http://localhost:11434'],
    ['gpu-box:80', 'http://gpu-box'],
    ['http://gpu-box', 'http://gpu-box'],
    ['http://gpu-box:11434/', 'http://gpu-box:11434'],
    ['https://ollama.example.com/proxy/', 'https://ollama.example.com/proxy'],
    ['::1', 'http://[::1]:11434'],
    ['[::1]:11434', 'http://[::1]:11434'],
    ['HTTP://LOCALHOST:11434', 'http://localhost:11434'],
  ])('resolveOllamaHost(%j) = %j', (value, expected) => {
    expect(resolveOllamaHost(value)).toBe(expected);
  });

  it.each(['ftp://host', 'http://', 'http://a b', 'file:///etc/passwd'])('rejects %j as a usage error', (value) => {
    expect(() => resolveOllamaHost(value)).toThrow(UsageError);
    try {
      resolveOllamaHost(value);
    } catch (err) {
      expect((err as HarmoniaError).code).toBe('usage');
    }
  });

  it.each([
    ['http://127.0.0.1:11434', true],
    ['127.8.9.10:11434', true],
    ['localhost', true],
    ['http://LOCALHOST:1234', true],
    ['api.localhost', true],
    ['0.0.0.0', true],
    ['http://[::1]:11434', true],
    ['::1', true],
    ['http://[::ffff:127.0.0.1]:11434', true],
    ['http://[::]:11434', true],
    ['192.168.1.20:11434', false],
    ['http://10.0.0.5', false],
    ['https://ollama.example.com', false],
    ['http://[2001:db8::1]:11434', false],
    ['http://128.0.0.1', false],
    ['not a host', false],
  ])('isLocalHost(%j) = %j', (value, expected) => {
    expect(isLocalHost(value)).toBe(expected);
  });

  it('compares model names with and without :latest', () => {
    expect(sameModel('llama3.2', 'llama3.2:latest')).toBe(true);
    expect(sameModel('llama3.2:3b', 'llama3.2:latest')).toBe(false);
    expect(sameModel('registry.local:5000/team/model', 'registry.local:5000/team/model:latest')).toBe(true);
  });
});
