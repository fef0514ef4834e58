/** What a rule proposes before the extractor finishes it, and the helpers every rule shares. */
import type { MemoryType } from '../../core/memory.js';
import { bareNoun, findAny, properNames, type Negation, toThirdPerson, wordsOf } from './grammar.js';
import {
  ANIMALS, COLORS, DRINKS, FOODS, HOBBIES, INSTRUMENTS, KIN, MEDIA, MUSIC, PETS, SEASONS, VEHICLES,
} from './lexicon.js';

export interface Draft {
  content: string;
  type: MemoryType;
  category: string;
  confidence: number;
  entities: string[];
  /** The clause's time phrase belongs to this fact (appointments, plans, happenings). */
  timed?: boolean;
  /** Type and category to use when a time phrase is found ("I'm flying to Paris next week" is an event). */
  whenTimed?: { type: MemoryType; category: string };
  /** Kept only when a time phrase is found ("I was sick last week", not "I was sick"). */
  requiresTime?: boolean;
}

/** Who a first-person clause is about and how it was said. */
export interface Subject {
  /** Said as "we" rather than "I". */
  we: boolean;
  neg: Negation;
  /** "I did ...": past tense carried by the auxiliary. */
  past: boolean;
  /** A frequency adverb kept in the content ("always", "usually"). */
  adverb: string;
  /** Below 1 when hedged ("I think I ...", "maybe I ..."). */
  hedge: number;
  /** The whole clause, for rules that look around the predicate. */
  clause: string;
}

export function draft(
  content: string,
  type: MemoryType,
  category: string,
  confidence: number,
  entities: string[] = [],
  timed = false,
): Draft {
  const d: Draft = { content: referBack(content), type, category, confidence, entities };
  if (timed) d.timed = true;
  return d;
}

/** "User broke User's nose" -> "User broke their nose": once the user is the subject, "my" refers back to them. */
function referBack(content: string): string {
  return content.startsWith('User ') && content.includes("User's", 5) ? `User ${content.slice(5).replace(/\bUser's\b/g, 'their')}` : content;
}

/** Proper names of a phrase, else the phrase itself when it is short enough to be a key object. */
export function entitiesOf(phrase: string, withKeyObject = true): string[] {
  const names = properNames(phrase);
  if (names.length > 0 || !withKeyObject) return names;
  const bare = bareNoun(phrase);
  return bare && bare.split(' ').length <= 3 && !/\bUser\b/.test(bare) ? [bare] : [];
}

/** First to third person, and the user's name for "we" kept as "User". */
export const third = toThirdPerson;

export function slug(phrase: string): string {
  return phrase
    .toLowerCase()
    .replace(/'s\b/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Singular of a simple English plural, for category names: "dogs" -> "dog", "movies" -> "movie". */
export function singular(noun: string): string {
  if (/(?:ss|us|is)$/.test(noun)) return noun;
  if (/ies$/.test(noun)) return `${noun.slice(0, -3)}y`;
  if (/(?:ches|shes|xes|oes)$/.test(noun)) return noun.slice(0, -2);
  if (/s$/.test(noun)) return noun.slice(0, -1);
  return noun;
}

export type Domain =
  | 'food' | 'drinks' | 'animals' | 'colors' | 'music' | 'media' | 'activities' | 'people' | 'vehicles'
  | 'seasons' | '';

/** Every run of one to three words of a phrase: "ice cream cone" -> "ice", "ice cream", "ice cream cone", ... */
function ngrams(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    let phrase = words[i] ?? '';
    out.push(phrase);
    for (let n = 1; n < 3 && i + n < words.length; n++) {
      phrase = `${phrase} ${words[i + n]}`;
      out.push(phrase);
    }
  }
  return out;
}

const hasIn = (grams: string[], ...sets: Array<Set<string> | Map<string, string>>) =>
  grams.some((g) => sets.some((set) => set.has(g)));

/** What a liked or disliked thing is, for its category: "sushi" -> food, "hiking" -> activities. */
export function domainOf(phrase: string): Domain {
  const words = wordsOf(phrase).filter((w) => !/^(?:a|an|the|my|some|all|any|good|great|most|kinds?|types?|sorts?|of)$/.test(w));
  const first = words[0] ?? '';
  if (/^to$/.test(first) || (/ing$/.test(first) && first.length > 4 && !FOODS.has(first))) return 'activities';
  const lower = phrase.toLowerCase();
  if (/\bcolou?rs?\b/.test(lower)) return 'colors';
  const grams = ngrams(words);
  if (hasIn(grams, KIN)) return 'people';
  if (hasIn(grams, DRINKS)) return 'drinks';
  if (hasIn(grams, FOODS) || /\b(?:food|cuisine|dishes|meals?)\b/.test(lower)) return 'food';
  if (hasIn(grams, PETS, ANIMALS)) return 'animals';
  if (words.length <= 2 && hasIn(grams, COLORS)) return 'colors';
  if (words.length <= 2 && hasIn(grams, SEASONS)) return 'seasons';
  if (hasIn(grams, MUSIC, INSTRUMENTS) || /\b(?:songs?|bands?|albums?|singers?)\b/.test(lower)) return 'music';
  if (hasIn(grams, MEDIA) || /\b(?:shows?|series|novels?|books?|films?|movies?)\b/.test(lower)) return 'media';
  if (hasIn(grams, HOBBIES)) return 'activities';
  if (hasIn(grams, VEHICLES)) return 'vehicles';
  return '';
}

/** Category for a liked ("likes") or disliked ("dislikes") thing. */
export function likeCategory(phrase: string, leaf: 'likes' | 'dislikes', known?: Domain): string {
  const domain = known ?? domainOf(phrase);
  return domain && domain !== 'people' ? `${domain}/${leaf}` : leaf;
}

/** The family or social category of a phrase naming kin ("my older sister" -> family/siblings), else null. */
export function kinCategory(phrase: string): string | null {
  const hit = findAny(wordsOf(phrase), (w) => KIN.has(w));
  return hit ? (KIN.get(hit.word) ?? null) : null;
}

export function scaled(confidence: number, s: { hedge: number; we: boolean }): number {
  return Math.round(confidence * s.hedge * (s.we ? 0.95 : 1) * 100) / 100;
}

/** Category of a goal by what it is about: "become a nurse" -> goals/career, "learn Spanish" -> goals/learning. */
export function goalCategory(obj: string): string {
  if (/^(?:be|become|work|get a job|start (?:a|my) career|get hired|get promoted|open|start (?:a|my) (?:own )?business)\b/i.test(obj)) return 'goals/career';
  if (/^(?:learn|study|get (?:a|my) degree|go back to school|finish (?:school|college|my degree)|graduate|master)\b/i.test(obj)) return 'goals/learning';
  if (/^(?:move|travel|visit|go to|fly|see the world|explore|backpack)\b/i.test(obj)) return 'goals/travel';
  if (/^(?:lose weight|get fit|run a marathon|get in shape|eat healthier|quit|stop smoking|exercise)\b/i.test(obj)) return 'goals/health';
  return 'goals';
}
