import type { ChatResponse, Message, Ollama } from 'ollama';
import type { ConflictKind } from '../core/conflicts/conflict.js';
import type { ConflictJudge, JudgePair } from '../core/conflicts/judge.js';
import { LlmError } from '../core/errors.js';
import { describeTransportFailure, extractJsonText, guardedFetch, MAX_REPLY_BYTES, resolveOllamaHost } from './ollama.js';

/** Bump when the wording changes, so a judgement can be traced to the prompt that produced it. */
export const JUDGE_PROMPT_VERSION = 'judge-v1';

const RELATIONS = ['duplicate', 'update', 'contradiction', 'related', 'none'] as const;
type Relation = (typeof RELATIONS)[number];

export const JUDGE_SYSTEM_PROMPT = `You compare two short facts from a user's long-term memory.
EXISTING is already stored. NEW was just learned. Say how NEW relates to EXISTING, with exactly one word:
- duplicate: the same fact in other words ("User's name is Jason" / "User is called Jason").
- update: the same attribute of the same subject with a new value, so NEW replaces EXISTING ("User lives in Boston" / "User moved to Denver"; "Biggie loves his stuffed chicken" / "Biggie now loves his yellow ball").
- contradiction: NEW negates EXISTING or both cannot be true ("User loves steak" / "User does not eat meat").
- related: the same subject, different facts that are both true ("Biggie loves his yellow ball" / "Biggie is a golden retriever").
- none: unrelated.
Answer with JSON only: {"relation": "duplicate" | "update" | "contradiction" | "related" | "none"}`;

const FORMAT = {
  type: 'object',
  properties: { relation: { type: 'string', enum: [...RELATIONS] } },
  required: ['relation'],
};

export interface OllamaJudgeOptions {
  host: string;
  model: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

function parseRelation(content: string): Relation | null {
  try {
    const value = JSON.parse(extractJsonText(content)) as { relation?: unknown };
    const relation = typeof value?.relation === 'string' ? value.relation.trim().toLowerCase() : '';
    return (RELATIONS as readonly string[]).includes(relation) ? (relation as Relation) : null;
  } catch {
    return null;
  }
}

/** The LLM judge of `remember --judge llm`: the same Ollama host, model and guarded client as the extractor. */
export class OllamaJudge implements ConflictJudge {
  readonly name: string;
  private readonly host: string;
  private client: Promise<Ollama> | undefined;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: OllamaJudgeOptions) {
    this.host = resolveOllamaHost(options.host);
    this.name = `ollama:${options.model}`;
    this.fetch = guardedFetch(options.fetch ?? globalThis.fetch, options.timeoutMs, MAX_REPLY_BYTES);
  }

  async judge(pair: JudgePair): Promise<ConflictKind | null> {
    const messages: Message[] = [
      { role: 'system', content: JUDGE_SYSTEM_PROMPT },
      { role: 'user', content: `EXISTING: ${pair.existing}\nNEW: ${pair.candidate}` },
    ];
    for (let attempt = 1; attempt <= 2; attempt++) {
      const response = await this.chat(messages);
      const content = typeof response?.message?.content === 'string' ? response.message.content : '';
      const relation = parseRelation(content);
      if (relation) return relation === 'none' ? null : relation;
      messages.push(
        { role: 'assistant', content: content.slice(0, 1000) },
        { role: 'user', content: 'Your reply was invalid. Answer with JSON only: {"relation": "duplicate" | "update" | "contradiction" | "related" | "none"}' },
      );
    }
    throw new LlmError(`model '${this.options.model}' did not answer a valid conflict judgement twice`, {
      code: 'llm_invalid_output',
      hint: 'try again, try a larger model with --model, or leave out --judge llm',
    });
  }

  private async chat(messages: Message[]): Promise<ChatResponse> {
    this.client ??= import('ollama').then(({ Ollama: Client }) => new Client({ host: this.host, fetch: this.fetch }));
    const client = await this.client;
    try {
      return await client.chat({ model: this.options.model, messages, format: FORMAT, options: { temperature: 0 }, stream: false });
    } catch (err) {
      if (err instanceof Error && err.name === 'ResponseError') {
        const status = (err as { status_code?: unknown }).status_code;
        const hint = status === 404 ? `run \`ollama pull ${this.options.model}\`` : 'check the Ollama server, or leave out --judge llm';
        throw new LlmError(`Ollama at ${this.host} refused the conflict judgement (HTTP ${String(status)}): ${err.message}`, { hint, cause: err });
      }
      throw describeTransportFailure(err, this.host, this.options.timeoutMs);
    }
  }
}
