import type { Memory } from '../memory.js';
import type { MemoryStore, Neighbour } from '../ports.js';
import { classify, type Classification } from './classify.js';
import type { ConflictKind } from './conflict.js';
import { readFact, type Fact } from './facts.js';
import { lookupKeys } from './keys.js';
import { dice } from './text.js';

/** One existing memory a candidate conflicts with, and how. */
export interface ConflictMatch {
  existing: Memory;
  kind: ConflictKind;
  similarity: number;
  reason: string;
  judge: 'rules' | 'llm';
}

/** An outside opinion on pairs the rules found (the LLM judge): keyed by `judgementKey`, null = unrelated. */
export type Judgements = ReadonlyMap<string, ConflictKind | null>;

export function judgementKey(candidateId: string, existingId: string): string {
  return `${candidateId} ${existingId}`;
}

export interface DetectorOptions {
  /** Newest memories compared per fact key the candidate shares with them. */
  keyLimit: number;
  // The rest is for a candidate without frames, related to others by its words alone (see `neighbours`).
  /** Best full-text matches of the candidate's selective words compared per candidate. */
  ftsLimit: number;
  /** Newest memories holding its common words, or its subject-and-verb phrases, compared per candidate. */
  recentLimit: number;
  /** Newest memories of the candidate's category compared per candidate. */
  categoryLimit: number;
  /** Words in the full-text query at most. */
  maxTerms: number;
  /** A word held by more memories than this is common: it is not ranked, only its newest memories are seen. */
  commonAbove: number;
  /**
   * So is a word held by more than this share of the memories, once that is more than `commonFloor`: in a store of
   * 2,000 memories, a word in 300 of them is as common as one in 15,000 of 100,000.
   */
  commonShare: number;
  commonFloor: number;
  /**
   * Only the same text (ignoring case) counts: for verbatim chat turns (the raw extractor), which are events that
   * accumulate — a turn neither updates nor contradicts an earlier one, it can only be the same turn again.
   */
  exactOnly?: boolean;
}

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = {
  keyLimit: 10,
  ftsLimit: 20,
  recentLimit: 10,
  categoryLimit: 20,
  maxTerms: 24,
  commonAbove: 400,
  commonShare: 1 / 32,
  commonFloor: 50,
};

/** When two memories conflict with a candidate, the one to act on: a duplicate first, then a contradiction... */
const PRIORITY: Record<ConflictKind, number> = { duplicate: 4, contradiction: 3, update: 2, related: 1 };

/**
 * Finds the active memories a candidate duplicates, updates, contradicts or relates to. The same text is found by
 * its index; the nearest memories are those sharing a fact key with the candidate (keys.ts: the same subject and
 * attribute, "moved to Austin" and "lives in Denver"; the same value; a name), and for a candidate the grammar cannot
 * read, the full-text index's best matches and the newest of its category. Each is read as frames and classified.
 */
export class ConflictDetector {
  constructor(private readonly options: DetectorOptions = DEFAULT_DETECTOR_OPTIONS) {}

  factOf(memory: Pick<Memory, 'content' | 'entities'>): Fact {
    return readFact(memory.content, memory.entities);
  }

  /**
   * The words a candidate without frames is looked up by in the full-text index (a candidate with frames is found by
   * its fact keys): its names first, then its words.
   */
  queryTerms(fact: Fact): string[] {
    const terms = new Set<string>();
    const add = (word: string) => {
      for (const part of word.split(/[\s/]+/)) if (part.length > 1 && part !== 'user' && part !== "'s") terms.add(part);
    };
    for (const s of fact.subjects) add(s);
    for (const e of fact.entities) add(e);
    for (const w of fact.words) add(w);
    return [...terms].slice(0, this.options.maxTerms);
  }

  /** "user lives": the subject with the verb it is said with, when that verb is not "is". */
  queryPhrases(fact: Fact): string[][] {
    const anchor = fact.anchor;
    return anchor && anchor.head !== 'is' ? [[...anchor.subject, anchor.head]] : [];
  }

  /**
   * Active memories near the candidate (never the candidate itself), as much of them as classifying needs: those
   * sharing a fact key with it (keys.ts). A candidate without frames is related to others by its words alone, so
   * the full-text index's nearest and the newest of its category are compared too.
   */
  neighbours(store: MemoryStore, candidate: Memory): Neighbour[] {
    const fact = this.factOf(candidate);
    const keyed = store.conflicts.withKeys(lookupKeys(fact), this.options.keyLimit);
    if (fact.frames.length > 0) return keyed.filter((m) => m.id !== candidate.id);
    const seen = new Set(keyed.map((m) => m.id));
    const near = store.conflicts
      .nearest({
        terms: this.queryTerms(fact),
        phrases: this.queryPhrases(fact),
        category: candidate.category,
        ftsLimit: this.options.ftsLimit,
        recentLimit: this.options.recentLimit,
        categoryLimit: this.options.categoryLimit,
        commonAbove: this.options.commonAbove,
        commonShare: this.options.commonShare,
        commonFloor: this.options.commonFloor,
      })
      .filter((m) => !seen.has(m.id));
    return [...keyed, ...near].filter((m) => m.id !== candidate.id);
  }

  /** Every conflict of the candidate with a neighbour, the one to act on first; `existing` not loaded yet. */
  private ranked(store: MemoryStore, candidate: Memory, judgements?: Judgements): { neighbour: Neighbour; match: Omit<ConflictMatch, 'existing'> }[] {
    const fact = this.factOf(candidate);
    const out: { neighbour: Neighbour; match: Omit<ConflictMatch, 'existing'> }[] = [];
    for (const neighbour of this.neighbours(store, candidate)) {
      const rules = classify(fact, this.factOf(neighbour), { episodic: candidate.type === 'episodic' && neighbour.type === 'episodic' });
      const key = judgementKey(candidate.id, neighbour.id);
      if (judgements?.has(key)) {
        const kind = judgements.get(key) ?? null;
        if (kind) out.push({ neighbour, match: { kind, similarity: rules?.similarity ?? 0, reason: `llm: ${kind}${rules ? `; rules: ${rules.reason}` : ''}`, judge: 'llm' } });
        continue;
      }
      if (rules) out.push({ neighbour, match: { ...rules, judge: 'rules' } });
    }
    return out.sort((a, b) => PRIORITY[b.match.kind] - PRIORITY[a.match.kind] || b.match.similarity - a.match.similarity);
  }

  /** The same text again: a duplicate whatever the grammar says; an index lookup settles it before any parsing. */
  private sameText(store: MemoryStore, candidate: Memory): ConflictMatch[] {
    return store.conflicts
      .sameText(candidate.content)
      .filter((m) => m.id !== candidate.id)
      .map((existing) => ({ existing, kind: 'duplicate' as const, similarity: 1, reason: 'the same text', judge: 'rules' as const }));
  }

  /**
   * The candidate's conflicts, the one to act on first, each neighbour's full record loaded only when the caller
   * asks for it (`best` reads one; read in the same transaction, it is the neighbour just classified).
   */
  private *conflicts(store: MemoryStore, candidate: Memory, judgements?: Judgements): Generator<ConflictMatch> {
    const same = this.sameText(store, candidate);
    if (same.length > 0 || this.options.exactOnly) {
      yield* same;
      return;
    }
    for (const { neighbour, match } of this.ranked(store, candidate, judgements)) {
      const existing = store.memories.get(neighbour.id);
      if (existing) yield { existing, ...match };
    }
  }

  /** Every conflict of the candidate with a neighbour, the one to act on first. */
  matches(store: MemoryStore, candidate: Memory, judgements?: Judgements): ConflictMatch[] {
    return [...this.conflicts(store, candidate, judgements)];
  }

  best(store: MemoryStore, candidate: Memory, judgements?: Judgements): ConflictMatch | null {
    return this.conflicts(store, candidate, judgements).next().value ?? null;
  }

  /** The nearest memories worth a judge's look: those the rules classify, then lexically close ones. */
  shortlist(store: MemoryStore, candidate: Memory, size: number): Neighbour[] {
    const fact = this.factOf(candidate);
    return this.neighbours(store, candidate)
      .map((existing) => {
        const other = this.factOf(existing);
        const rules = classify(fact, other, { episodic: candidate.type === 'episodic' && existing.type === 'episodic' });
        return { existing, score: rules ? 1 + rules.similarity : dice(fact.stems, other.stems) };
      })
      .filter((n) => n.score >= 0.3)
      .sort((a, b) => b.score - a.score)
      .slice(0, size)
      .map((n) => n.existing);
  }

  /** The rules' verdict on one pair, without the store (evaluation, the judge's shortlist). */
  classifyPair(candidate: Memory, existing: Memory): Classification | null {
    return classify(this.factOf(candidate), this.factOf(existing), { episodic: candidate.type === 'episodic' && existing.type === 'episodic' });
  }
}
