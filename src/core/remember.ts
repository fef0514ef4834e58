import type { Conflict } from './conflicts/conflict.js';
import { HarmoniaError, LlmError, UsageError } from './errors.js';
import { recordCreation } from './history.js';
import { newId } from './ids.js';
import { newMemory, type EventGrain, type Memory } from './memory.js';
import type { Message, MemoryStore } from './ports.js';
import type { CandidateMemory, Extractor } from '../extract/types.js';

export const MEMORY_ACTIONS = [
  'created',
  'updated',
  'merged',
  'linked',
  'skipped',
  'archived_old',
  'replaced',
  'pending',
] as const;
export type MemoryAction = (typeof MEMORY_ACTIONS)[number];

export interface Placement {
  action: MemoryAction;
  /** The memory as it stands after placement (the existing one for `skipped`, `updated`, `merged`). */
  memory: Memory;
  /** The conflicts found and recorded (their JSON shape is the CLI's to build). */
  conflicts: Conflict[];
}

export interface PlacementContext {
  at: string;
  actor: string;
  dryRun: boolean;
  onConflict: string;
}

/**
 * Decides how a new memory joins the store: conflict detection and strategies plug in here. Runs inside the
 * write transaction (or, for a dry run, with nothing written).
 */
export interface CandidatePlacer {
  /** Optional slow work before the transaction (an LLM judgement of the nearest memories); `place` may use it. */
  prepare?(store: MemoryStore, candidates: readonly Memory[], ctx: PlacementContext): Promise<void>;
  place(store: MemoryStore, candidate: Memory, ctx: PlacementContext): Placement;
}

/** The placer with no conflict detection: every candidate becomes a new memory. */
export const createEveryCandidate: CandidatePlacer = {
  place(store, candidate, ctx) {
    if (!ctx.dryRun) {
      store.memories.insert(candidate);
      recordCreation(store, candidate, { actor: ctx.actor, at: ctx.at, reason: `remembered from ${candidate.source.messageId}` });
    }
    return { action: 'created', memory: candidate, conflicts: [] };
  },
};

export interface RememberInput {
  message: string;
  referenceTime: Date;
  timeZone: string;
  session: string | null;
  source: string | null;
}

export interface RememberOptions {
  dryRun: boolean;
  onConflict: string;
}

export interface RememberDeps {
  store: MemoryStore;
  extractor: Extractor;
  placer: CandidatePlacer;
  now: () => Date;
  /** Removes secrets from a message (and its source and session refs) before anything is stored; returns the text to keep. */
  redact?: (text: string) => string;
  /** Runs the extraction step; `extractMemories` with `extractor` when absent. */
  extraction?: MessageExtraction;
}

export interface RememberedMemory {
  memory: Memory;
  action: MemoryAction;
}

export interface RememberResult {
  messageId: string | null;
  extractor: string;
  memories: RememberedMemory[];
  conflicts: Conflict[];
  /** true when this exact message (same source and text) had already been remembered. */
  alreadyRemembered: boolean;
  dryRun: boolean;
}

export interface MessageLimits {
  maxMessageBytes: number;
}

/** Rejects messages that can never make a memory; the error is a usage error (exit 2) and nothing is stored. */
export function validateMessage(text: string, limits: MessageLimits): string {
  if (text.includes('\u0000')) throw new UsageError('the message contains a NUL byte');
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxMessageBytes) {
    throw new UsageError(`the message is ${bytes} bytes, over the limit of ${limits.maxMessageBytes}`, {
      hint: 'raise limits.maxMessageBytes with `harmonia config set limits.maxMessageBytes N`',
    });
  }
  const trimmed = text.trim();
  if (trimmed === '') throw new UsageError('the message is empty');
  return trimmed;
}

/** Extractors that run in this process cannot fail half-way, so the message and its memories share one transaction. */
function runsInProcess(extractor: Extractor): boolean {
  return extractor.name === 'raw' || extractor.name === 'rules';
}

/** A candidate memory after the pipeline's extraction step: validated, its time phrase resolved into its content. */
export interface ExtractedMemory extends CandidateMemory {
  eventAt: string | null;
  eventEnd: string | null;
  eventGrain: EventGrain | null;
  eventText: string | null;
}

/** What extraction needs of a message: nothing of the store, so it can run anywhere (a batch runs it in a worker). */
export interface ExtractionRequest {
  text: string;
  /** The message's reference instant, ISO. */
  refAt: string;
  timeZone: string;
}

/** The pipeline's extraction step; `extractMemories` unless a caller runs it elsewhere (src/cli/extract-thread.ts). */
export type MessageExtraction = (request: ExtractionRequest) => Promise<ExtractedMemory[]>;

function buildMemory(extracted: ExtractedMemory, message: Message, user: string, at: string): Memory {
  const memory = newMemory({
    user,
    content: extracted.content,
    type: extracted.type,
    category: extracted.category,
    confidence: extracted.confidence,
    entities: extracted.entities,
    at,
    source: { messageId: message.id, ref: message.source, session: message.session },
  });
  memory.eventAt = extracted.eventAt;
  memory.eventEnd = extracted.eventEnd;
  memory.eventGrain = extracted.eventGrain;
  memory.eventText = extracted.eventText;
  return memory;
}

/** Lower case, one space between words: how a time phrase is looked for in its message. */
function comparable(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Resolves each candidate's time phrase against the message's reference time and writes it into the content. Only a
 * phrase the message itself says is resolved: a model that computed a date ("2024-08-21" for "tomorrow") or invented
 * a time the user never gave must not set one.
 */
async function resolveTimes(candidates: CandidateMemory[], request: ExtractionRequest): Promise<ExtractedMemory[]> {
  const out: ExtractedMemory[] = candidates.map((c) => ({ ...c, eventAt: null, eventEnd: null, eventGrain: null, eventText: null }));
  const said = comparable(request.text);
  const timed = out.filter((m) => m.timeExpression && said.includes(comparable(m.timeExpression)));
  if (timed.length === 0) return out;
  const { resolveTimeExpression, rewriteWithTime } = await import('../time/resolve.js');
  const ref = new Date(request.refAt);
  for (const memory of timed) {
    const phrase = memory.timeExpression!;
    const resolved = resolveTimeExpression(phrase, ref, request.timeZone, request.text);
    if (!resolved) continue;
    memory.eventAt = resolved.eventAt;
    memory.eventEnd = resolved.eventEnd;
    memory.eventGrain = resolved.grain;
    memory.eventText = resolved.text;
    memory.content = rewriteWithTime(memory.content, phrase, resolved);
  }
  return out;
}

/** The extraction step: the extractor's candidates, validated by the one schema, with their times made absolute. */
export async function extractMemories(extractor: Extractor, request: ExtractionRequest): Promise<ExtractedMemory[]> {
  const raw = await extractor.extract({ message: request.text, referenceTime: new Date(request.refAt), timeZone: request.timeZone });
  const { parseCandidates } = await import('../extract/schema.js');
  const parsed = parseCandidates(raw, { verbatim: extractor.name === 'raw' });
  if (!parsed.ok) {
    throw new LlmError(`the ${extractor.name} extractor produced invalid memories: ${parsed.error}`, { code: 'llm_invalid_output' });
  }
  return resolveTimes(parsed.memories, request);
}

function alreadyRemembered(store: MemoryStore, message: Message, extractor: string): RememberResult {
  const memories = store.memories.list({ messageId: message.id, statuses: ['active', 'archived', 'superseded', 'deleted'] }, { sort: 'created', asc: true });
  return {
    messageId: message.id,
    extractor: message.extractor ?? extractor,
    memories: memories.map((memory) => ({ memory, action: 'skipped' as const })),
    conflicts: [],
    alreadyRemembered: true,
    dryRun: false,
  };
}

/**
 * A message on its way into the store, in three steps so a batch can extract several at once while writing in
 * input order: `prepare` (store the raw message first when extraction may fail), `extract`, `commit`.
 */
export class PendingRemember {
  private message: Message | null = null;
  private text = '';
  private stored = false;
  private done: RememberResult | null = null;
  private extracted: ExtractedMemory[] = [];

  constructor(
    private readonly deps: RememberDeps,
    private readonly input: RememberInput | { pending: Message },
    private readonly options: RememberOptions,
  ) {}

  /** Synchronous: validates and, unless the extractor runs in process or this is a dry run, stores the message as pending. */
  prepare(): void {
    const { store, now, redact } = this.deps;
    if ('pending' in this.input) {
      this.message = this.input.pending;
      this.text = this.message.content ?? '';
      this.stored = true;
      return;
    }
    // The source and session refs are stored too (a source may be a URL with credentials): redacted alike, before
    // the duplicate check, so re-runs with the same refs stay idempotent.
    const clean = (value: string | null): string | null => (value !== null && redact ? redact(value) : value);
    const input = { ...this.input, source: clean(this.input.source), session: clean(this.input.session) };
    const text = redact ? redact(input.message) : input.message;
    const at = now().toISOString();
    this.text = text;
    if (!this.options.dryRun && input.source !== null) {
      const existing = store.read(() => store.messages.findDuplicate(input.source!, text));
      if (existing && existing.status === 'processed') {
        this.done = store.read(() => alreadyRemembered(store, existing, this.deps.extractor.name));
        return;
      }
      if (existing && existing.status === 'pending') {
        this.message = existing;
        this.stored = true;
        return;
      }
    }
    this.message = {
      id: newId('msg'),
      content: text,
      refAt: input.referenceTime.toISOString(),
      timeZone: input.timeZone,
      session: input.session,
      source: input.source,
      status: 'pending',
      extractor: null,
      error: null,
      attempts: 0,
      createdAt: at,
      processedAt: null,
    };
    if (!this.options.dryRun && !runsInProcess(this.deps.extractor)) {
      const message = this.message;
      // Checked again inside the write transaction: another process may have stored the same source and text
      // since the read above (two runs of one batch at once).
      const claimed = store.write(() => {
        const twin = message.source === null ? null : store.messages.findDuplicate(message.source, text);
        if (twin) return twin;
        store.messages.insert(message);
        return message;
      });
      if (claimed !== message && claimed.status !== 'pending') {
        this.done = store.read(() => alreadyRemembered(store, claimed, this.deps.extractor.name));
        return;
      }
      this.message = claimed;
      this.stored = true;
    }
  }

  private twinOf(message: Message): Message | null {
    return message.source === null ? null : this.deps.store.messages.findDuplicate(message.source, this.text);
  }

  async extract(): Promise<void> {
    if (this.done || !this.message) return;
    try {
      const request: ExtractionRequest = { text: this.text, refAt: this.message.refAt, timeZone: this.message.timeZone };
      this.extracted = await (this.deps.extraction ?? ((r: ExtractionRequest) => extractMemories(this.deps.extractor, r)))(request);
    } catch (error) {
      if (this.stored) {
        const reason = error instanceof Error ? error.message : String(error);
        const id = this.message.id;
        this.deps.store.write(() => this.deps.store.messages.markFailed(id, reason));
      }
      if (error instanceof HarmoniaError && this.stored) {
        error.message += ` (message ${this.message.id} kept as pending; run \`harmonia remember --retry\`)`;
      }
      throw error;
    }
  }

  /** Writes the memories in one immediate transaction and returns the result. */
  async commit(): Promise<RememberResult> {
    if (this.done) return this.done;
    const message = this.message!;
    const { store, placer, extractor, now, } = this.deps;
    const user = store.user;
    const at = now().toISOString();
    const memories = this.extracted.map((extracted) => buildMemory(extracted, message, user, at));
    const ctx: PlacementContext = { at, actor: `extractor:${extractor.name}`, dryRun: this.options.dryRun, onConflict: this.options.onConflict };
    if (placer.prepare && memories.length > 0) await placer.prepare(store, memories, ctx);
    const place = (): RememberResult => {
      if (!this.options.dryRun) {
        // Decided inside the write transaction, so concurrent runs (the same batch twice, two `--retry`s) never
        // remember one message twice: a stored message another process has finished since is left as it is, and
        // a twin with the same source and text stored since `prepare` wins over this one.
        const current = this.stored ? store.messages.get(message.id) : this.twinOf(message);
        if (current && current.status !== 'pending') return alreadyRemembered(store, current, extractor.name);
        if (!this.stored && current) return alreadyRemembered(store, current, extractor.name);
        // Stored with its memories in this one transaction, so it is written as processed straight away.
        if (!this.stored) store.messages.insert({ ...message, status: 'processed', extractor: extractor.name, attempts: 1, processedAt: at });
      }
      const placed: RememberedMemory[] = [];
      const conflicts: Conflict[] = [];
      for (const memory of memories) {
        const placement = placer.place(store, memory, ctx);
        placed.push({ memory: placement.memory, action: placement.action });
        conflicts.push(...placement.conflicts);
      }
      if (!this.options.dryRun && this.stored) store.messages.markProcessed(message.id, extractor.name, at);
      return {
        messageId: this.options.dryRun ? null : message.id,
        extractor: extractor.name,
        memories: placed,
        conflicts,
        alreadyRemembered: false,
        dryRun: this.options.dryRun,
      };
    };
    return this.options.dryRun ? store.read(place) : store.write(place);
  }
}

/** Remembers one message end to end. */
export async function rememberMessage(deps: RememberDeps, input: RememberInput, options: RememberOptions): Promise<RememberResult> {
  const job = new PendingRemember(deps, input, options);
  job.prepare();
  await job.extract();
  return job.commit();
}

/** Processes a pending message again (`remember --retry`). */
export async function retryMessage(deps: RememberDeps, message: Message, options: RememberOptions): Promise<RememberResult> {
  const job = new PendingRemember(deps, { pending: message }, options);
  job.prepare();
  await job.extract();
  return job.commit();
}
