import { TURN_CATEGORY } from '../core/memory.js';
import type { CandidateMemory, ExtractionInput, Extractor } from './types.js';

/** Stores the message itself, verbatim, as one `episodic` memory (SPEC `raw`). */
export class RawExtractor implements Extractor {
  readonly name = 'raw';

  async extract(input: ExtractionInput): Promise<CandidateMemory[]> {
    return [rawCandidate(input.message)];
  }
}

export function rawCandidate(message: string): CandidateMemory {
  return { content: message.trim(), type: 'episodic', category: TURN_CATEGORY, confidence: 1, entities: [] };
}
