import type { ConflictKind } from './conflict.js';
import type { Fact, Frame } from './facts.js';
import { MULTI_ATTRIBUTES } from './lexicon.js';
import { dice, jaccard } from './text.js';

/** How a candidate memory relates to an existing one, by the rules. */
export interface Classification {
  kind: ConflictKind;
  /** 0..1: half how closely the facts line up (kind), half how alike the words are. */
  similarity: number;
  reason: string;
}

/** Food classes specific enough to contradict ("food" alone is not). */
const SPECIFIC_FOOD = new Set(['meat', 'fish', 'dairy', 'egg', 'alcohol', 'caffeine', 'gluten']);
const STRUCTURE: Record<ConflictKind, number> = { duplicate: 1, update: 0.75, contradiction: 0.75, related: 0.5 };

/** Same-word-enough threshold for values, and the lexical thresholds used when a sentence has no frames. */
const SAME_VALUE = 0.75;
const LEXICAL_DUPLICATE = 0.85;
const LEXICAL_RELATED = 0.5;

function haveHead(frame: Frame): string | null {
  return frame.attribute.startsWith('have:') ? frame.attribute.slice(5) : null;
}

/** Same attribute, or possessions of which one is the class of the other ("pets" and "a dog"). */
function sameAttribute(a: Frame, b: Frame): boolean {
  if (a.attribute === b.attribute) return true;
  const ha = haveHead(a);
  const hb = haveHead(b);
  return ha !== null && hb !== null && (a.classes.includes(hb) || b.classes.includes(ha));
}

function specificClasses(frame: Frame): string[] {
  return frame.classes.filter((c) => SPECIFIC_FOOD.has(c));
}

function numbers(values: readonly string[]): string {
  return values
    .filter((v) => /^\d+$/.test(v))
    .sort()
    .join(' ');
}

/** Do two frames of opposite polarity speak of the same thing? */
function overlaps(a: Frame, b: Frame): boolean {
  if (haveHead(a) !== null) return true; // sameAttribute already matched the possession
  if (a.attribute === 'consume') {
    const sa = specificClasses(a);
    const sb = specificClasses(b);
    if (sa.some((c) => sb.includes(c))) return true;
  }
  if (a.value.length === 0 && b.value.length === 0) return true;
  return jaccard(a.value, b.value) >= 0.5;
}

type ValueRelation = 'same' | 'more' | 'less' | 'diff';

/** The candidate's value against the existing one's: the same, more specific, less specific, or different. */
function compareValues(candidate: Frame, existing: Frame): ValueRelation {
  const nc = numbers(candidate.value);
  const ne = numbers(existing.value);
  if (nc !== '' && ne !== '' && nc !== ne) return 'diff';
  if (jaccard(candidate.value, existing.value) >= SAME_VALUE) return 'same';
  const c = new Set(candidate.value);
  const e = new Set(existing.value);
  if (c.size > 0 && [...c].every((v) => e.has(v))) return 'less';
  if (e.size > 0 && [...e].every((v) => c.has(v))) return 'more';
  return 'diff';
}

function label(frame: Frame): string {
  return `${frame.subject} ${frame.attribute.replace(/^verb:/, '')}`;
}

function result(kind: ConflictKind, lexical: number, reason: string): Classification {
  return { kind, similarity: Math.round((STRUCTURE[kind] + lexical) * 50) / 100, reason };
}

/** The pair's word overlap, half of its similarity. */
function overlap(candidate: Fact, existing: Fact): number {
  return dice(candidate.stems, existing.stems);
}

/** A subject or name of the candidate's that the existing memory speaks of too. */
function shared(names: Iterable<string>, existing: Fact): string | null {
  for (const name of names) if (name && (existing.subjects.has(name) || existing.entities.has(name))) return name;
  return null;
}

/**
 * Classifies a candidate against an existing memory: `duplicate` (same fact, other words), `update` (same
 * attribute, new value), `contradiction` (one negates the other), `related` (same subject, different facts) or
 * null (unrelated).
 */
export interface ClassifyOptions {
  /**
   * Both memories are events (`episodic`, e.g. chat turns remembered raw). Events accumulate rather than change:
   * a different value is a related event, never an update, and only the same words make a duplicate.
   */
  episodic?: boolean;
}

export function classify(candidate: Fact, existing: Fact, options: ClassifyOptions = {}): Classification | null {
  // Most pairs a detector looks at turn out unrelated: the word overlap is worked out only for those that are not
  // (and no closures per pair: the bundle names every function it creates).
  const episodic = options.episodic ?? false;

  for (const c of candidate.frames) {
    for (const e of existing.frames) {
      if (c.subject === e.subject && c.positive !== e.positive && sameAttribute(c, e) && overlaps(c, e)) {
        return result('contradiction', overlap(candidate, existing), `${label(c)}: one says yes, the other no`);
      }
    }
  }

  const explicitC = candidate.frames.filter((f) => !f.implied);
  const explicitE = existing.frames.filter((f) => !f.implied);
  const matched = new Set<Frame>();
  let update: string | null = null;
  let related: string | null = null;
  let same: string | null = null;
  for (const c of explicitC) {
    for (const e of explicitE) {
      if (c.subject !== e.subject || c.positive !== e.positive || !sameAttribute(c, e)) continue;
      const relation = compareValues(c, e);
      const generic = c.attribute === 'is' || c.attribute.startsWith('verb:');
      if (relation === 'same' || (relation === 'less' && !episodic)) {
        matched.add(c);
        same ??= `${label(c)}: same value`;
      } else if (episodic) {
        related ??= `${label(c)}: another event`;
      } else if (relation === 'more') {
        update ??= `${label(c)}: more detail`;
      } else if (c.single || (candidate.change && !generic)) {
        update ??= `${label(c)}: new value`;
      } else if (MULTI_ATTRIBUTES.has(c.attribute) || c.attribute.startsWith('have:')) {
        related ??= `${label(c)}: another value`;
      }
    }
  }
  if (update) return result('update', overlap(candidate, existing), update);
  if (same) {
    if (matched.size === explicitC.length) return result('duplicate', overlap(candidate, existing), same);
    return episodic ? result('related', overlap(candidate, existing), `${same}, and more`) : result('update', overlap(candidate, existing), `${same}, with more detail`);
  }
  if (related) return result('related', overlap(candidate, existing), related);

  const subject = shared(candidate.subjects, existing);
  if (subject) return result('related', overlap(candidate, existing), `same subject (${subject})`);
  const entity = shared(candidate.entities, existing);
  if (entity) return result('related', overlap(candidate, existing), `both mention ${entity}`);

  if (candidate.frames.length === 0 || existing.frames.length === 0) {
    const lexical = overlap(candidate, existing);
    const numbersDiffer = numbers(candidate.stems) !== numbers(existing.stems);
    if (lexical >= LEXICAL_DUPLICATE && !numbersDiffer) {
      return candidate.negations % 2 !== existing.negations % 2
        ? result('contradiction', lexical, 'same words, one negated')
        : result('duplicate', lexical, 'same words');
    }
    if (lexical >= LEXICAL_RELATED) return result('related', lexical, 'similar words');
  }
  return null;
}
