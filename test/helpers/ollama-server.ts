/**
 * A real HTTP server that speaks the part of Ollama's API Harmonia uses, on 127.0.0.1 and a free port. Tests script
 * what `/api/chat` answers and read back every request it received.
 *
 *   const server = await startOllamaServer({ models: ['llama3.2:3b'], chat: [reply.invalidJson(), reply.memories([...])] });
 *   ... OLLAMA_HOST=server.url ...
 *   expect(server.chatRequests()[1].messages.at(-1).content).toContain('Your reply was invalid');
 *   await server.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedMemory {
  content: string;
  type: string;
  category?: string;
  confidence?: number;
  entities?: string[];
  timeExpression?: string | null;
}

/** What one `/api/chat` request gets. */
export type ChatBehaviour =
  /** A valid reply: `{"memories": [...]}` as the message content. */
  | { kind: 'memories'; memories: ScriptedMemory[] }
  /** Any message content, e.g. a hand-written bad reply. */
  | { kind: 'content'; content: string; doneReason?: 'stop' | 'length' }
  /** The valid reply wrapped in `<think>...</think>` and/or a ```json fence. */
  | { kind: 'wrapped'; memories: ScriptedMemory[]; think?: boolean; fence?: boolean }
  | { kind: 'invalid-json' }
  /** Well-formed JSON that breaks the schema (unknown type, confidence 7). */
  | { kind: 'schema-violation' }
  /** Half a JSON document with `done_reason: "length"`. */
  | { kind: 'truncated' }
  /** An HTTP error with a raw body (default: 500, text/plain). */
  | { kind: 'http-error'; status?: number; body?: string; contentType?: string }
  /** Waits, then behaves as `then` (default: an empty valid reply). */
  | { kind: 'slow'; delayMs: number; then?: ChatBehaviour }
  /** A reply whose body is `bytes` long (default 2 MB), streamed in chunks without a content-length. */
  | { kind: 'enormous'; bytes?: number };

export const reply = {
  memories: (memories: ScriptedMemory[]): ChatBehaviour => ({ kind: 'memories', memories }),
  empty: (): ChatBehaviour => ({ kind: 'memories', memories: [] }),
  content: (content: string, doneReason: 'stop' | 'length' = 'stop'): ChatBehaviour => ({ kind: 'content', content, doneReason }),
  think: (memories: ScriptedMemory[]): ChatBehaviour => ({ kind: 'wrapped', memories, think: true }),
  fenced: (memories: ScriptedMemory[]): ChatBehaviour => ({ kind: 'wrapped', memories, fence: true }),
  invalidJson: (): ChatBehaviour => ({ kind: 'invalid-json' }),
  schemaViolation: (): ChatBehaviour => ({ kind: 'schema-violation' }),
  truncated: (): ChatBehaviour => ({ kind: 'truncated' }),
  httpError: (status = 500, body = 'Internal Server Error: runner crashed', contentType = 'text/plain'): ChatBehaviour => ({
    kind: 'http-error',
    status,
    body,
    contentType,
  }),
  slow: (delayMs: number, then?: ChatBehaviour): ChatBehaviour => ({ kind: 'slow', delayMs, ...(then ? { then } : {}) }),
  enormous: (bytes?: number): ChatBehaviour => ({ kind: 'enormous', ...(bytes === undefined ? {} : { bytes }) }),
};

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body (undefined for GET). */
  body: any;
}

export type ChatScript = ChatBehaviour[] | ((request: any, index: number) => ChatBehaviour);

export interface OllamaServerOptions {
  /** Pulled models, as `/api/tags` lists them. Default `['llama3.2:3b']`. */
  models?: string[];
  /** A queue (each chat request takes the next; an empty queue answers `{"memories": []}`) or a function. */
  chat?: ChatScript;
  version?: string;
}

export interface OllamaServer {
  url: string;
  requests: RecordedRequest[];
  /** The bodies of the `/api/chat` requests, in order. */
  chatRequests(): any[];
  /** Replaces the chat script (e.g. "the server behaves now"). */
  script(chat: ChatScript): void;
  setModels(models: string[]): void;
  close(): Promise<void>;
}

export async function startOllamaServer(options: OllamaServerOptions = {}): Promise<OllamaServer> {
  let models = options.models ?? ['llama3.2:3b'];
  let script: ChatScript = options.chat ?? [];
  let chatCount = 0;
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const hasModel = (name: unknown) => typeof name === 'string' && models.some((m) => withTag(m) === withTag(name));

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readAll(req);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    let body: any;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });

    if (req.method === 'GET' && path === '/api/version') return json(res, 200, { version: options.version ?? '0.6.4-test' });
    if (req.method === 'GET' && path === '/api/tags') {
      return json(res, 200, {
        models: models.map((name) => ({
          name,
          model: name,
          modified_at: '2024-08-19T10:00:00Z',
          size: 2_019_393_189,
          digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
          details: { format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
        })),
      });
    }
    if (req.method === 'POST' && (path === '/api/chat' || path === '/api/embed')) {
      if (!hasModel(body?.model)) return json(res, 404, { error: `model '${String(body?.model)}' not found` });
      if (path === '/api/embed') {
        const inputs: unknown[] = Array.isArray(body.input) ? body.input : [body.input];
        return json(res, 200, { model: body.model, embeddings: inputs.map((text) => fakeEmbedding(String(text))) });
      }
      const index = chatCount++;
      const behaviour = typeof script === 'function' ? script(body, index) : (script.shift() ?? reply.empty());
      return respondChat(res, body, behaviour);
    }
    return json(res, 404, { error: '404 page not found' });
  };

  const respondChat = async (res: ServerResponse, body: any, behaviour: ChatBehaviour): Promise<void> => {
    const done = (content: string, doneReason: 'stop' | 'length' = 'stop') =>
      json(res, 200, {
        model: body.model,
        created_at: new Date().toISOString(),
        message: { role: 'assistant', content },
        done: true,
        done_reason: doneReason,
        total_duration: 1_000_000,
        load_duration: 100_000,
        prompt_eval_count: 100,
        prompt_eval_duration: 200_000,
        eval_count: 20,
        eval_duration: 700_000,
      });
    switch (behaviour.kind) {
      case 'memories':
        return done(JSON.stringify({ memories: behaviour.memories.map(complete) }));
      case 'content':
        return done(behaviour.content, behaviour.doneReason);
      case 'wrapped': {
        let content = JSON.stringify({ memories: behaviour.memories.map(complete) }, null, 2);
        if (behaviour.fence) content = '```json\n' + content + '\n```';
        if (behaviour.think) content = '<think>\nThe user states facts about themselves. {not json}\n</think>\n' + content;
        return done(content);
      }
      case 'invalid-json':
        return done('{"memories": [{"content": "User likes tea", "type": "preference",');
      case 'schema-violation':
        return done(JSON.stringify({ memories: [{ content: 'User likes tea', type: 'beverage', category: 'food', confidence: 7, entities: [] }] }));
      case 'truncated':
        return done('{"memories": [{"content": "User has a dog called Biggie", "type": "relational", "category": "pe', 'length');
      case 'http-error':
        res.writeHead(behaviour.status ?? 500, { 'content-type': behaviour.contentType ?? 'text/plain' });
        res.end(behaviour.body ?? 'Internal Server Error');
        return;
      case 'slow':
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            timers.delete(timer);
            resolve();
          }, behaviour.delayMs);
          timers.add(timer);
        });
        if (res.destroyed || res.writableEnded) return;
        return respondChat(res, body, behaviour.then ?? reply.empty());
      case 'enormous': {
        const size = behaviour.bytes ?? 2 * 1024 * 1024;
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.write(`{"model":${JSON.stringify(body.model)},"message":{"role":"assistant","content":"`);
        const chunk = 'x'.repeat(64 * 1024);
        for (let sent = 0; sent < size && !res.destroyed; sent += chunk.length) {
          if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
        }
        if (!res.destroyed) res.end('"},"done":true,"done_reason":"stop"}');
        return;
      }
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: `test server: ${String(err)}` });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    chatRequests: () => requests.filter((r) => r.path === '/api/chat').map((r) => r.body),
    script(chat) {
      script = chat;
    },
    setModels(next) {
      models = next;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A URL where nothing listens: connections are refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function complete(memory: ScriptedMemory) {
  return {
    content: memory.content,
    type: memory.type,
    category: memory.category ?? 'general',
    confidence: memory.confidence ?? 0.9,
    entities: memory.entities ?? [],
    timeExpression: memory.timeExpression ?? null,
  };
}

function withTag(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  return base.includes(':') ? name : `${name}:latest`;
}

function json(res: ServerResponse, status: number, value: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function fakeEmbedding(text: string): number[] {
  const vector = new Array<number>(8).fill(0);
  for (let i = 0; i < text.length; i++) vector[i % 8]! += text.charCodeAt(i) / 1000;
  return vector;
}
