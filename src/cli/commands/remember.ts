import { HarmoniaError, LlmError, StorageError, UsageError } from '../../core/errors.js';
import { conflictToJson } from '../../core/conflicts/conflict.js';
import { memoryToJson } from '../../core/memory.js';
import type { Message } from '../../core/ports.js';
import {
  createEveryCandidate,
  extractMemories,
  PendingRemember,
  validateMessage,
  type CandidatePlacer,
  type MessageExtraction,
  type RememberDeps,
  type RememberInput,
  type RememberOptions,
  type RememberResult,
} from '../../core/remember.js';
import { isOnConflict, ON_CONFLICT_CHOICES } from '../../core/strategies.js';
import { validateUserId } from '../../config/paths.js';
import type { ConflictJudge } from '../../core/conflicts/judge.js';
import type { Extractor } from '../../extract/types.js';
import type { SqliteStore } from '../../store/store.js';
import type { ExtractionThread } from '../extract-thread.js';
import { openInMemoryStore } from '../../store/store.js';
import type { CommandContext, OutputFormat } from '../context.js';
import { CommitGroup } from '../commit-group.js';
import { parseIntOption } from '../filters.js';
import { readLines } from '../lines.js';
import { readAllBytes } from '../io.js';
import { Progress } from '../progress.js';

interface RememberFlags {
  batch?: boolean;
  retry?: boolean;
  at?: string;
  extractor?: string;
  model?: string;
  ollamaHost?: string;
  session?: string;
  source?: string;
  onConflict?: string;
  judge?: string;
  concurrency?: string;
  dryRun?: boolean;
  keepSecrets?: boolean;
}

const EXTRACTOR_KINDS = ['auto', 'ollama', 'rules', 'raw'] as const;
type ExtractorKind = (typeof EXTRACTOR_KINDS)[number];

export function resultJson(result: RememberResult): Record<string, unknown> {
  const out: Record<string, unknown> = {
    message_id: result.messageId,
    extractor: result.extractor,
    memories: result.memories.map((m) => ({ ...memoryToJson(m.memory), action: m.action })),
    conflicts: result.conflicts.map(conflictToJson),
  };
  if (result.alreadyRemembered) out.already_remembered = true;
  if (result.dryRun) out.dry_run = true;
  return out;
}

function resultHuman(result: RememberResult): string {
  if (result.memories.length === 0) return `no memories in this message${result.messageId ? ` (${result.messageId})` : ''}\n`;
  const prefix = result.dryRun ? 'would be ' : '';
  const lines = result.memories.map((m) => `${prefix}${m.action.padEnd(prefix ? 0 : 8)} ${m.memory.id}  ${m.memory.content}\n`);
  // One line per conflict: what it was found with, and how to review it.
  for (const c of result.conflicts) {
    const next = c.status === 'pending' ? `review: harmonia conflicts show ${c.id}` : `undo: harmonia conflicts undo ${c.id}`;
    lines.push(`  ${c.kind} of ${c.memoryId} (${c.status}${c.strategy ? `: ${c.strategy}` : ''}); ${result.dryRun ? 'not stored' : next}\n`);
  }
  return lines.join('');
}

/** Settings for the extractor: flags > environment > config > defaults. */
async function chooseExtractor(ctx: CommandContext, flags: RememberFlags): Promise<Extractor> {
  const config = await ctx.config();
  const kind = (flags.extractor ?? ctx.env.HARMONIA_EXTRACTOR ?? config.extractor) as ExtractorKind;
  if (!EXTRACTOR_KINDS.includes(kind)) {
    throw new UsageError(`invalid extractor ${JSON.stringify(kind)} (from HARMONIA_EXTRACTOR)`, { hint: `choose one of: ${EXTRACTOR_KINDS.join(', ')}` });
  }
  if (kind === 'raw') {
    const { RawExtractor } = await import('../../extract/raw.js');
    return new RawExtractor();
  }
  const { createExtractor } = await import('../../extract/select.js');
  const { resolveOllamaHost } = await import('../../extract/ollama.js');
  const { extractor, notice } = await createExtractor({
    kind,
    host: resolveOllamaHost(flags.ollamaHost ?? ctx.env.OLLAMA_HOST ?? config.ollama.host),
    model: flags.model ?? ctx.env.HARMONIA_MODEL ?? config.ollama.model,
    timeoutMs: config.ollama.timeoutMs,
    probeTimeoutMs: config.ollama.probeTimeoutMs,
  });
  if (notice) ctx.notice(notice.replace(/^harmonia: /, ''));
  return extractor;
}

/** Conflict detection; `--judge llm` asks the configured Ollama model about the nearest memories too. */
async function choosePlacer(ctx: CommandContext, flags: RememberFlags, extractor: Extractor): Promise<CandidatePlacer> {
  const judgeKind = flags.judge ?? 'rules';
  const { ConflictPlacer } = await import('../../core/conflicts/placer.js');
  const { ConflictDetector, DEFAULT_DETECTOR_OPTIONS } = await import('../../core/conflicts/detect.js');
  // Raw memories are the messages themselves, verbatim: only the same message again is a conflict (a duplicate).
  const detector = extractor.name === 'raw' ? new ConflictDetector({ ...DEFAULT_DETECTOR_OPTIONS, exactOnly: true }) : undefined;
  let judge: ConflictJudge | undefined;
  if (judgeKind === 'llm') {
    const config = await ctx.config();
    const { OllamaJudge } = await import('../../extract/judge.js');
    judge = new OllamaJudge({
      host: flags.ollamaHost ?? ctx.env.OLLAMA_HOST ?? config.ollama.host,
      model: flags.model ?? ctx.env.HARMONIA_MODEL ?? config.ollama.model,
      timeoutMs: config.ollama.timeoutMs,
    });
  }
  return new ConflictPlacer({ flagGiven: flags.onConflict !== undefined, judge, detector });
}

function decodeUtf8(bytes: Buffer, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${what} is not valid UTF-8`);
  }
}

async function readMessage(ctx: CommandContext, words: string[]): Promise<string> {
  if (words.length > 0 && !(words.length === 1 && words[0] === '-')) return words.join(' ');
  if (ctx.io.stdinIsTTY) {
    throw new UsageError('no message: give it as arguments or pipe it on stdin', { hint: 'harmonia remember "I have a dog called Biggie"' });
  }
  return decodeUtf8(await readAllBytes(ctx.io.stdin), 'the message on stdin');
}

interface Session {
  ctx: CommandContext;
  flags: RememberFlags;
  format: OutputFormat;
  extractor: Extractor;
  placer: CandidatePlacer;
  timeZone: string;
  options: RememberOptions;
  maxMessageBytes: number;
  stores: Map<string, SqliteStore>;
  /** Removes secrets before anything is stored or sent to an LLM; null with --keep-secrets or secrets.redact false. */
  redact: ((text: string) => string) | null;
  /** Secrets redacted during this run, by kind, for the one notice at the end. */
  redacted: Map<string, number>;
  /** The extraction step when it runs elsewhere than in `remember`'s own flow (a batch's worker thread). */
  extraction?: MessageExtraction;
}

async function storeFor(session: Session, user: string): Promise<SqliteStore> {
  let store = session.stores.get(user);
  if (!store) {
    const { ctx, options } = session;
    store = options.dryRun
      ? ((await ctx.openStore({ create: false, user })) ?? openInMemoryStore(user))
      : ((await ctx.openStore({ create: true, user })) as SqliteStore);
    session.stores.set(user, store);
  }
  return store;
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)$/;

/**
 * A valid ISO instant that names its offset (`2024-08-19T14:00:00Z`, `...-04:00`) means the same in every zone, so
 * batch lines that carry one skip the time module; anything else (no offset, a phrase, an impossible date) goes
 * through it as before.
 */
function isoInstant(at: string): Date | null {
  const m = ISO_INSTANT.exec(at);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59) return null;
  return new Date(at);
}

async function referenceTime(session: Session, at: string | undefined): Promise<Date> {
  if (at === undefined) return session.ctx.now();
  const instant = isoInstant(at);
  if (instant) return instant;
  const { parseReferenceTime } = await import('../../time/parse.js');
  return parseReferenceTime(at, session.timeZone, session.ctx.now());
}

function deps(session: Session, store: SqliteStore): RememberDeps {
  const base: RememberDeps = { store, extractor: session.extractor, placer: session.placer, now: () => session.ctx.now() };
  if (session.extraction) base.extraction = session.extraction;
  return session.redact ? { ...base, redact: session.redact } : base;
}

/** The secrets filter (src/core/secrets.ts), counting what it removes; loaded only when redaction is on. */
async function chooseRedactor(ctx: CommandContext, flags: RememberFlags, tally: Map<string, number>): Promise<Session['redact']> {
  if (flags.keepSecrets || !(await ctx.config()).secrets.redact) return null;
  const { redactSecrets } = await import('../../core/secrets.js');
  return (text) => {
    const result = redactSecrets(text);
    for (const { kind, count } of result.redactions) tally.set(kind, (tally.get(kind) ?? 0) + count);
    return result.text;
  };
}

async function reportRedactions(session: Session): Promise<void> {
  if (session.redacted.size === 0) return;
  const { describeRedactions } = await import('../../core/secrets.js');
  const redactions = [...session.redacted].map(([kind, count]) => ({ kind, count }));
  session.ctx.notice(`redacted ${describeRedactions(redactions)} before storing`);
}

async function rememberOne(session: Session, text: string): Promise<void> {
  const { ctx, flags } = session;
  const input: RememberInput = {
    message: text,
    referenceTime: await referenceTime(session, flags.at),
    timeZone: session.timeZone,
    session: flags.session ?? null,
    source: flags.source ?? null,
  };
  const job = new PendingRemember(deps(session, await storeFor(session, ctx.user)), input, session.options);
  job.prepare();
  await job.extract();
  await emit(session, await job.commit(), true);
}

function render(session: Session, result: RememberResult, single: boolean): string {
  const { format } = session;
  if (format === 'json' && single) return `${JSON.stringify(resultJson(result), null, 2)}\n`;
  if (format === 'json' || format === 'ndjson') return `${JSON.stringify(resultJson(result))}${format === 'json' ? '' : '\n'}`;
  return resultHuman(result);
}

async function emit(session: Session, result: RememberResult, single: boolean): Promise<void> {
  await session.ctx.out(render(session, result, single));
}

/** Settles with false when the event loop next turns; one timer serves every call made before that. */
let loopTurn: Promise<boolean> | null = null;
function nextLoopTurn(): Promise<boolean> {
  return (loopTurn ??= new Promise<boolean>((resolve) =>
    setImmediate(() => {
      loopTurn = null;
      resolve(false);
    }),
  ));
}

/** True when the promise settles before the event loop turns (the next line is already read), without waiting. */
function settledNow(promise: Promise<unknown>): Promise<boolean> {
  return Promise.race([promise.then(() => true, () => true), nextLoopTurn()]);
}

interface BatchLine {
  message: string;
  at?: string;
  source?: string;
  session?: string;
  user?: string;
}

const LINE_FIELDS = ['message', 'at', 'source', 'session', 'user'] as const;

function parseLine(text: string): BatchLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`invalid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError('a line must be a JSON object');
  const record = value as Record<string, unknown>;
  for (const field of LINE_FIELDS) {
    const v = record[field];
    if (v !== undefined && v !== null && typeof v !== 'string') throw new UsageError(`"${field}" must be a string, got ${Array.isArray(v) ? 'array' : typeof v}`);
  }
  if (typeof record.message !== 'string') throw new UsageError('"message" is missing');
  const line: BatchLine = { message: record.message };
  for (const field of ['at', 'source', 'session', 'user'] as const) {
    if (typeof record[field] === 'string') line[field] = record[field] as string;
  }
  return line;
}

interface Queued {
  lineNo: number;
  store: SqliteStore;
  job: PendingRemember;
  /** Settles with null, or with the line's extraction error. */
  extraction: Promise<unknown>;
  extracted: boolean;
}

/** Lines the worker may extract ahead of the line being written. */
const THREAD_WINDOW = 256;

/**
 * The rules extractor's step in a worker thread (extract-thread.ts); HARMONIA_EXTRACT_WORKER=0 keeps it in this thread,
 * =1 sends it every line even in a short batch and fails rather than extract here (tests compare the two).
 */
async function startThread(session: Session): Promise<ExtractionThread | null> {
  const knob = session.ctx.env.HARMONIA_EXTRACT_WORKER;
  if (session.extractor.name !== 'rules' || knob === '0') return null;
  const { ExtractionThread } = await import('../extract-thread.js');
  const extractor = session.extractor;
  const thread = ExtractionThread.start((request) => extractMemories(extractor, request), { always: knob === '1' });
  if (!thread && knob === '1') throw new Error('HARMONIA_EXTRACT_WORKER=1, but there is no extraction worker module');
  if (thread) session.extraction = thread.extract;
  return thread;
}

/**
 * `--batch`: one NDJSON message per line, each in its own transaction. Extraction runs up to `window` lines ahead
 * (LLM requests in parallel); memories are written and printed in input order. A bad line is reported with its
 * number and skipped; storage failures stop the batch. With an extractor that runs in process, the lines that arrive
 * together commit together, each still in its own nested transaction (CommitGroup).
 */
async function rememberBatch(session: Session, window: number): Promise<void> {
  const { ctx, format, flags } = session;
  const progress = new Progress(ctx.io.stderr, ctx.io.stderrIsTTY && !ctx.globals.quiet, 'remembered');
  const queue: Queued[] = [];
  const inProcess = session.extractor.name === 'raw' || session.extractor.name === 'rules';
  // Not with an LLM judge: it calls the model inside the commit, which must not hold the write lock.
  const group = inProcess && !session.options.dryRun && flags.judge !== 'llm' ? new CommitGroup((text) => ctx.out(text)) : null;
  const thread = await startThread(session);
  if (thread) window = THREAD_WINDOW;
  let lineNo = 0;
  let bad = 0;
  let llmFailures = 0;
  let printed = 0;
  const fail = (n: number, error: unknown): void => {
    if (error instanceof StorageError || !(error instanceof HarmoniaError)) throw error;
    if (error instanceof LlmError) llmFailures++;
    else bad++;
    ctx.warn(`line ${n}: ${error.message}`);
  };
  const flush = async (item: Queued): Promise<void> => {
    if (!item.extracted) thread?.hurry();
    const outcome = await item.extraction;
    if (outcome instanceof Error) return fail(item.lineNo, outcome);
    try {
      group?.join(item.store);
      const result = await item.job.commit();
      const text = `${format === 'json' ? (printed === 0 ? '[\n' : ',\n') : ''}${render(session, result, false)}`;
      if (group) group.hold(text);
      else await ctx.out(text);
      printed++;
      progress.tick();
    } catch (error) {
      fail(item.lineNo, error);
    }
  };
  // A line may carry a message of maxMessageBytes written with JSON escapes (up to 6 bytes per byte).
  const maxLineBytes = session.maxMessageBytes * 6 + 64 * 1024;
  const tooLong = `the line is longer than ${maxLineBytes} bytes: its message is over the limit of ${session.maxMessageBytes} bytes`;
  const lines = readLines(ctx.io.stdin, maxLineBytes, tooLong)[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = lines.next();
      // Before waiting for input that has not arrived, store and print what is ready: a slow writer's lines are
      // stored and printed as they come. Lines still being extracted are written as they finish, meanwhile.
      while (!(await settledNow(next))) {
        while (queue[0]?.extracted) await flush(queue.shift()!);
        if (group?.open) await group.commit();
        // (A failed read counts as input: `await next` below reports it.)
        const inputFirst = next.then(() => true, () => true);
        if (queue.length === 0 || (await Promise.race([inputFirst, queue[0]!.extraction.then(() => false)]))) break;
      }
      const { value: raw, done } = await next;
      if (done) {
        thread?.inputEnded();
        break;
      }
      lineNo++;
      if (typeof raw === 'string' && raw.trim() === '') continue;
      try {
        if (typeof raw !== 'string') throw raw;
        const line = parseLine(raw);
        const user = line.user === undefined ? ctx.user : validateUserId(line.user, `"user" on line ${lineNo}`);
        const input: RememberInput = {
          message: validateMessage(line.message, { maxMessageBytes: session.maxMessageBytes }),
          referenceTime: await referenceTime(session, line.at ?? flags.at),
          timeZone: session.timeZone,
          session: line.session ?? flags.session ?? null,
          source: line.source ?? flags.source ?? null,
        };
        const store = await storeFor(session, user);
        const job = new PendingRemember(deps(session, store), input, session.options);
        job.prepare();
        const item: Queued = { lineNo, store, job, extraction: Promise.resolve(null), extracted: false };
        item.extraction = job.extract().then(
          () => ((item.extracted = true), null),
          (error: unknown) => ((item.extracted = true), error),
        );
        queue.push(item);
      } catch (error) {
        fail(lineNo, error);
      }
      while (queue.length >= window) await flush(queue.shift()!);
      if (group?.due) await group.commit();
    }
    while (queue.length > 0) await flush(queue.shift()!);
    await group?.commit();
  } catch (error) {
    // Nothing of the open group was printed; rolled back, none of it is stored either.
    group?.rollback();
    throw error;
  } finally {
    thread?.close();
  }
  progress.done();
  if (format === 'json') await ctx.out(printed === 0 ? '[]\n' : '\n]\n');
  if (bad + llmFailures > 0) {
    ctx.warn(`${bad + llmFailures} of ${bad + llmFailures + printed} lines skipped (reported above)`);
    ctx.exitCode = llmFailures > 0 ? 4 : 2;
  }
}

/** `--retry`: extract the user's pending messages again. */
async function retryPending(session: Session): Promise<void> {
  const { ctx, format } = session;
  const store = await storeFor(session, ctx.user);
  const pending: Message[] = store.messages.pending();
  if (pending.length === 0) ctx.notice('no pending messages');
  if (format === 'json') await ctx.out(pending.length === 0 ? '[]\n' : '[\n');
  let failures = 0;
  for (const [i, message] of pending.entries()) {
    const job = new PendingRemember(deps(session, store), { pending: message }, session.options);
    job.prepare();
    try {
      await job.extract();
      const result = await job.commit();
      if (format === 'json' && i > 0) await ctx.out(',\n');
      await emit(session, result, false);
    } catch (error) {
      if (!(error instanceof HarmoniaError) || error instanceof StorageError) throw error;
      failures++;
      ctx.warn(`${message.id}: ${error.message}`);
    }
  }
  if (format === 'json' && pending.length > 0) await ctx.out('\n]\n');
  if (failures > 0) ctx.exitCode = 4;
}

export async function run(ctx: CommandContext, flags: RememberFlags, words: string[] = []): Promise<void> {
  const format = await ctx.format(['table', 'json', 'ndjson']);
  const hasWords = words.length > 0 && !(words.length === 1 && words[0] === '-');
  if (flags.batch && flags.retry) throw new UsageError('--batch and --retry cannot be used together');
  if ((flags.batch || flags.retry) && hasWords) throw new UsageError(`--${flags.batch ? 'batch' : 'retry'} takes no message arguments`);
  if (flags.retry && (flags.at || flags.source || flags.session)) throw new UsageError('--retry keeps each message\'s own --at, --source and --session');
  if (flags.judge !== undefined && flags.judge !== 'rules' && flags.judge !== 'llm') {
    throw new UsageError(`invalid --judge ${JSON.stringify(flags.judge)}`, { hint: 'choose rules (default) or llm' });
  }
  const onConflict = flags.onConflict ?? (await ctx.config()).conflicts.policy;
  if (!isOnConflict(onConflict)) {
    throw new UsageError(`unknown conflict strategy ${JSON.stringify(onConflict)}`, { hint: `choose one of: ${ON_CONFLICT_CHOICES.join(', ')}` });
  }
  const config = await ctx.config();
  const concurrency = parseIntOption(flags.concurrency, '--concurrency', 1, 32) ?? config.ollama.concurrency;
  const timeZone = await ctx.timeZone();
  if (flags.batch && ctx.io.stdinIsTTY) throw new UsageError('--batch reads NDJSON from stdin; pipe it in', { hint: 'cat messages.ndjson | harmonia remember --batch' });
  // Validate --at and the message before any work (and before a slow extractor probe).
  const session: Session = {
    ctx,
    flags,
    format,
    extractor: null as unknown as Extractor,
    placer: createEveryCandidate, // replaced by conflict detection once the extractor is known
    timeZone,
    options: { dryRun: flags.dryRun ?? false, onConflict },
    maxMessageBytes: config.limits.maxMessageBytes,
    stores: new Map(),
    redact: null,
    redacted: new Map(),
  };
  session.redact = await chooseRedactor(ctx, flags, session.redacted);
  if (flags.at !== undefined) await referenceTime(session, flags.at);
  const text = flags.batch || flags.retry ? '' : validateMessage(await readMessage(ctx, words), { maxMessageBytes: session.maxMessageBytes });
  session.extractor = await chooseExtractor(ctx, flags);
  session.placer = await choosePlacer(ctx, flags, session.extractor);
  if (flags.retry) return retryPending(session);
  try {
    if (flags.batch) {
      const inProcess = session.extractor.name === 'raw' || session.extractor.name === 'rules';
      await rememberBatch(session, inProcess ? 1 : concurrency);
    } else {
      await rememberOne(session, text);
    }
  } finally {
    await reportRedactions(session);
  }
}
