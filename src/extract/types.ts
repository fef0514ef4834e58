import type { MemoryType } from '../core/memory.js';

/** What every extractor is given: one chat message and the moment and zone it was said in. */
export interface ExtractionInput {
  message: string;
  /** The reference instant for relative time expressions ("tomorrow"). */
  referenceTime: Date;
  /** The user's IANA time zone, e.g. "America/New_York". */
  timeZone: string;
}

/**
 * A fact an extractor proposes. Validated by the zod schema in `schema.ts` before the pipeline uses it.
 * `timeExpression` is the exact phrase of the message that names when the fact happens ("tomorrow at 2pm");
 * the extractor never does date arithmetic, `src/time` resolves the phrase.
 */
export interface CandidateMemory {
  content: string;
  type: MemoryType;
  category: string;
  confidence: number;
  entities: string[];
  timeExpression?: string | null;
}

export interface Extractor {
  /** What the output's `extractor` field says: "rules", "raw", "ollama:llama3.2:3b". */
  readonly name: string;
  extract(input: ExtractionInput): Promise<CandidateMemory[]>;
}
