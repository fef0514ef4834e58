import { isIPv4, isIPv6 } from 'node:net';
import type { ChatResponse, Message, Ollama } from 'ollama';
import { LlmError, UsageError } from '../core/errors.js';
import type { parseCandidates as ParseCandidates } from './schema.js';
import type { CandidateMemory, ExtractionInput, Extractor } from './types.js';

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';
const DEFAULT_PORT = '11434';
/** The largest reply body accepted from Ollama; a model that rambles past it has not produced memories. */
export const MAX_REPLY_BYTES = 1024 * 1024;
const MAX_ERROR_BYTES = 64 * 1024;
/** How much of an invalid reply is echoed back to the model on the retry. */
const MAX_ECHOED_REPLY = 4000;
const DEFAULT_PROBE_TIMEOUT_MS = 500;
const UNAVAILABLE_HINT = 'start it with `ollama serve`, or use --extractor rules';

export interface OllamaExtractorOptions {
  host: string;
  model: string;
  /** Bound on each request to Ollama (the retry gets its own). */
  timeoutMs: number;
  /** The underlying fetch (tests); wrapped with the timeout and body guards. Default: the global fetch. */
  fetch?: typeof fetch;
  keepAlive?: string | number;
  maxReplyBytes?: number;
}

export class OllamaExtractor implements Extractor {
  readonly name: string;
  readonly host: string;
  readonly model: string;
  private readonly timeoutMs: number;
  private readonly keepAlive: string | number;
  private readonly fetch: typeof fetch;
  private readonly maxReplyBytes: number;
  private client: Promise<Ollama> | undefined;

  constructor(options: OllamaExtractorOptions) {
    this.host = resolveOllamaHost(options.host);
    this.model = options.model;
    this.name = `ollama:${options.model}`;
    this.timeoutMs = options.timeoutMs;
    this.keepAlive = options.keepAlive ?? '5m';
    this.maxReplyBytes = options.maxReplyBytes ?? MAX_REPLY_BYTES;
    this.fetch = guardedFetch(options.fetch ?? globalThis.fetch, this.timeoutMs, this.maxReplyBytes);
  }

  async extract(input: ExtractionInput): Promise<CandidateMemory[]> {
    // Loaded here, not at the top, so probing and the host helpers (doctor) do not pay for zod.
    const [{ buildExtractionMessages, invalidReplyMessage }, { extractionJsonSchema, parseCandidates }] = await Promise.all([
      import('./prompt.js'),
      import('./schema.js'),
    ]);
    const messages: Message[] = buildExtractionMessages(input.message);
    const format = extractionJsonSchema();
    let error = '';
    for (let attempt = 1; attempt <= 2; attempt++) {
      const response = await this.chat(messages, format);
      const reply = interpretReply(response, parseCandidates);
      if (reply.ok) return reply.memories;
      error = reply.error;
      messages.push({ role: 'assistant', content: reply.content.slice(0, MAX_ECHOED_REPLY) }, invalidReplyMessage(error));
    }
    throw new LlmError(`model '${this.model}' answered invalid output twice: ${error}`, {
      code: 'llm_invalid_output',
      hint: 'run `harmonia remember --retry` later, try a larger model with --model, or use --extractor rules',
    });
  }

  private async chat(messages: Message[], format: object): Promise<ChatResponse> {
    const client = await this.loadClient();
    try {
      return await client.chat({
        model: this.model,
        messages,
        format,
        options: { temperature: 0 },
        stream: false,
        keep_alive: this.keepAlive,
      });
    } catch (err) {
      throw this.describeFailure(err);
    }
  }

  /** The client is imported on first use, so building an extractor (or probing) costs nothing. */
  private loadClient(): Promise<Ollama> {
    this.client ??= import('ollama').then(({ Ollama: Client }) => new Client({ host: this.host, fetch: this.fetch }));
    return this.client;
  }

  private describeFailure(err: unknown): LlmError {
    if (err instanceof ReplyTooLargeError) {
      return new LlmError(`model '${this.model}' answered more than ${formatBytes(err.limit)}; the reply was discarded`, {
        code: 'llm_invalid_output',
        hint: 'try again, or use --extractor rules',
        cause: err,
      });
    }
    const status = responseStatus(err);
    if (status !== undefined) {
      const detail = oneLine(err instanceof Error ? err.message : String(err));
      if (status === 404 && /model|not found/i.test(detail)) {
        return new LlmError(`model '${this.model}' is not available at ${this.host}`, {
          hint: `run \`ollama pull ${this.model}\``,
          cause: err,
        });
      }
      const what = status >= 500 ? 'failed' : 'refused the request';
      return new LlmError(`Ollama at ${this.host} ${what} (HTTP ${status}): ${detail}`, {
        hint: status >= 500 ? 'check the Ollama server log, or use --extractor rules' : undefined,
        cause: err,
      });
    }
    return describeTransportFailure(err, this.host, this.timeoutMs);
  }
}

type ReplyOutcome = { ok: true; memories: CandidateMemory[] } | { ok: false; error: string; content: string };

function interpretReply(response: ChatResponse, parseCandidates: typeof ParseCandidates): ReplyOutcome {
  const content: unknown = response?.message?.content;
  if (typeof content !== 'string') return { ok: false, error: 'the reply had no message content', content: '' };
  if (response.done_reason === 'length') {
    return { ok: false, error: 'the reply was cut off before the JSON was complete', content };
  }
  const text = extractJsonText(content);
  if (text === '') return { ok: false, error: 'the reply was empty', content };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `the reply is not valid JSON (${oneLine((err as Error).message)})`, content };
  }
  const parsed = parseCandidates(value);
  return parsed.ok ? parsed : { ok: false, error: parsed.error, content };
}

/**
 * The JSON inside a model's reply: without `<think>` blocks (closed ones, a dangling `</think>` whose opening tag
 * was part of the prompt template, and an unterminated leading `<think>`), code fences, or prose around the object.
 */
export function extractJsonText(reply: string): string {
  let text = reply.replace(/<think>[\s\S]*?<\/think>/gi, '');
  const dangling = text.toLowerCase().lastIndexOf('</think>');
  if (dangling !== -1) text = text.slice(dangling + '</think>'.length);
  text = text.trim();
  if (/^<think>/i.test(text)) {
    const json = text.search(/^\s*\{/m);
    text = json === -1 ? '' : text.slice(json);
  }
  const fence = /```[a-zA-Z]*\s*\n?([\s\S]*?)```/.exec(text);
  if (fence?.[1] !== undefined) text = fence[1];
  text = text.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) {
    const start = text.indexOf('{');
    const end = text.lastIndexOf('}');
    if (start !== -1 && end > start) text = text.slice(start, end + 1);
  }
  return text.trim();
}

// ---------------------------------------------------------------------------------------------------------------
// Transport

class ReplyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`reply larger than ${limit} bytes`);
    this.name = 'ReplyTooLargeError';
  }
}

/**
 * The fetch handed to the ollama client. The client has no timeout of its own, and on a non-JSON error body it
 * prints "Getting text from response" to stdout (which would corrupt `--json` output): so every request gets a
 * deadline, bodies are read here with a size cap, and error bodies always reach the client as `{"error": "..."}`.
 */
export function guardedFetch(base: typeof fetch, timeoutMs: number, maxBytes: number): typeof fetch {
  return async (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    const response = await base(input, { ...init, signal });
    if (response.body === null) return response;
    if (response.ok) {
      const body = await readBody(response, maxBytes, 'reject');
      return new Response(body, { status: response.status, statusText: response.statusText, headers: jsonHeaders(response) });
    }
    const text = new TextDecoder().decode(await readBody(response, MAX_ERROR_BYTES, 'truncate'));
    return new Response(JSON.stringify({ error: errorMessageOf(text, response) }), {
      status: response.status,
      statusText: response.statusText,
      headers: { 'content-type': 'application/json' },
    });
  };
}

function jsonHeaders(response: Response): Record<string, string> {
  return { 'content-type': response.headers.get('content-type') ?? 'application/json' };
}

function errorMessageOf(text: string, response: Response): string {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && typeof (parsed as { error?: unknown }).error === 'string') {
      return (parsed as { error: string }).error;
    }
  } catch {
    // not JSON: use the text itself
  }
  return oneLine(text).slice(0, 300) || `${response.status} ${response.statusText}`.trim();
}

async function readBody(response: Response, maxBytes: number, overflow: 'reject' | 'truncate'): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (overflow === 'reject' && Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new ReplyTooLargeError(maxBytes);
  }
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > maxBytes) {
      await reader.cancel().catch(() => undefined);
      if (overflow === 'reject') throw new ReplyTooLargeError(maxBytes);
      chunks.push(value.subarray(0, maxBytes - size));
      size = maxBytes;
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function responseStatus(err: unknown): number | undefined {
  if (err instanceof Error && err.name === 'ResponseError') {
    const status = (err as { status_code?: unknown }).status_code;
    if (typeof status === 'number') return status;
  }
  return undefined;
}

export function describeTransportFailure(err: unknown, host: string, timeoutMs: number): LlmError {
  if (isTimeout(err)) {
    return new LlmError(`Ollama did not answer within ${timeoutMs} ms`, {
      hint: 'loading a model can take a while on first use: raise ollama.timeoutMs in the configuration, or use --extractor rules',
      cause: err,
    });
  }
  const code = networkErrorCode(err);
  if (code !== undefined) {
    const reason = NETWORK_REASONS[code] ?? code.toLowerCase();
    const hint = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'check --ollama-host or OLLAMA_HOST' : UNAVAILABLE_HINT;
    return new LlmError(`cannot reach Ollama at ${host} (${reason})`, { hint, cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new LlmError(`unexpected answer from Ollama at ${host}: ${oneLine(message)}`, { hint: UNAVAILABLE_HINT, cause: err });
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
};

function isTimeout(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (e.name === 'TimeoutError') return true;
  }
  return false;
}

/** `TypeError: fetch failed` carries the socket error as `cause` (an AggregateError when several addresses failed). */
function networkErrorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e !== null && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code in NETWORK_REASONS) return code;
    const inner = (e as { errors?: unknown[] }).errors?.[0];
    const innerCode = (inner as { code?: unknown } | undefined)?.code;
    if (typeof innerCode === 'string' && innerCode in NETWORK_REASONS) return innerCode;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

// ---------------------------------------------------------------------------------------------------------------
// Probe

export type ProbeResult =
  | { ok: true; version?: string }
  | { ok: false; reason: string; reachable: boolean; version?: string };

/**
 * Is Ollama there, quickly, with the model pulled? `GET /api/tags` (and `/api/version`, for doctor) within one short
 * deadline. Never throws. `reachable` tells doctor apart "server down" from "model missing".
 */
export async function probeOllama(options: {
  host: string;
  model: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  let host: string;
  try {
    host = resolveOllamaHost(options.host);
  } catch (err) {
    return { ok: false, reachable: false, reason: (err as Error).message };
  }
  const get = guardedFetch(options.fetch ?? globalThis.fetch, timeoutMs, MAX_REPLY_BYTES);
  const [tags, version] = await Promise.allSettled([
    getJson(get, `${host}/api/tags`),
    getJson(get, `${host}/api/version`),
  ]);
  const versionText =
    version.status === 'fulfilled' && typeof (version.value as { version?: unknown })?.version === 'string'
      ? (version.value as { version: string }).version
      : undefined;
  const withVersion = versionText === undefined ? {} : { version: versionText };
  if (tags.status === 'rejected') {
    const err = tags.reason;
    if (err instanceof HttpStatusError) {
      return { ok: false, reachable: true, reason: `Ollama at ${host} answered HTTP ${err.status} to /api/tags`, ...withVersion };
    }
    if (err instanceof SyntaxError) {
      return { ok: false, reachable: true, reason: `${host} did not answer like an Ollama server`, ...withVersion };
    }
    if (isTimeout(err)) return { ok: false, reachable: false, reason: `Ollama at ${host} did not answer within ${timeoutMs} ms` };
    return { ok: false, reachable: false, reason: describeTransportFailure(err, host, timeoutMs).message };
  }
  const models = (tags.value as { models?: unknown })?.models;
  if (!Array.isArray(models)) {
    return { ok: false, reachable: true, reason: `${host} did not answer like an Ollama server`, ...withVersion };
  }
  const names = models.flatMap((m: unknown) => {
    const { name, model } = (m ?? {}) as { name?: unknown; model?: unknown };
    return [name, model].filter((n): n is string => typeof n === 'string');
  });
  if (!names.some((name) => sameModel(name, options.model))) {
    return {
      ok: false,
      reachable: true,
      reason: `model '${options.model}' is not pulled at ${host} (run \`ollama pull ${options.model}\`)`,
      ...withVersion,
    };
  }
  return { ok: true, ...withVersion };
}

class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

async function getJson(get: typeof fetch, url: string): Promise<unknown> {
  const response = await get(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new HttpStatusError(response.status);
  return JSON.parse(await response.text());
}

/** `llama3.2` and `llama3.2:latest` name the same model; so do differently cased names. */
export function sameModel(a: string, b: string): boolean {
  const normalize = (name: string) => {
    const lower = name.trim().toLowerCase();
    const base = lower.slice(lower.lastIndexOf('/') + 1);
    return base.includes(':') ? lower : `${lower}:latest`;
  };
  return normalize(a) === normalize(b);
}

// ---------------------------------------------------------------------------------------------------------------
// Hosts

/**
 * `OLLAMA_HOST`-style value -> base URL, as Ollama itself reads it: `127.0.0.1:11434`, `:11434`, `localhost`
 * (port 11434 when none is given), `http://host` (the scheme's port), `https://host:8443/prefix`. Default
 * `http://127.0.0.1:11434`. Throws UsageError for anything that is not an http(s) host.
 */
export function resolveOllamaHost(value?: string): string {
  const raw = (value ?? '').trim();
  if (raw === '') return DEFAULT_OLLAMA_HOST;
  const invalid = () =>
    new UsageError(`invalid Ollama host '${raw}'`, { hint: 'use host:port or http(s)://host[:port], e.g. http://127.0.0.1:11434' });
  let candidate = raw;
  if (isIPv6(candidate)) candidate = `[${candidate}]`;
  else if (candidate.startsWith(':')) candidate = `127.0.0.1${candidate}`;
  const explicit = /^[a-z][a-z0-9+.-]*:\/\//i.test(candidate);
  let url: URL;
  try {
    url = new URL(explicit ? candidate : `http://${candidate}`);
  } catch {
    throw invalid();
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') throw invalid();
  if (!explicit && !/^(\[[^\]]*\]|[^/:]*):\d+/.test(candidate)) url.port = DEFAULT_PORT;
  const auth = url.username === '' ? '' : `${url.username}${url.password === '' ? '' : `:${url.password}`}@`;
  return `${url.protocol}//${auth}${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** Whether the host is this machine (loopback or unspecified address): doctor warns when memories would leave it. */
export function isLocalHost(value: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(resolveOllamaHost(value)).hostname.toLowerCase();
  } catch {
    return false;
  }
  hostname = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  if (isIPv4(hostname)) return hostname.startsWith('127.') || hostname === '0.0.0.0';
  if (isIPv6(hostname)) {
    if (hostname === '::1' || hostname === '::') return true;
    const mapped = /^::ffff:(.+)$/.exec(hostname)?.[1];
    if (mapped === undefined) return false;
    if (isIPv4(mapped)) return mapped.startsWith('127.') || mapped === '0.0.0.0';
    // WHATWG URLs print a mapped address in hex: ::ffff:7f00:1 is 127.0.0.1
    const high = Number.parseInt(mapped.split(':')[0] ?? '', 16);
    return high >> 8 === 127 || mapped === '0:0';
  }
  return false;
}
