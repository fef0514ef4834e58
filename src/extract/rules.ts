/**
 * The embedded rule-based extractor: deterministic English patterns, no model. It reads first-person statements
 * (name, age, birthday, home, work, studies, family, pets, likes, diet, health, languages, skills, goals, feelings,
 * routines, appointments, past happenings) and short statements about named third parties. Questions, greetings,
 * thanks and requests to the assistant give nothing.
 *
 * How a message is read (src/extract/rules/):
 *   text.ts          contractions, sentences, clauses; questions and requests set aside
 *   first-person.ts  each "I"/"we" subject, its adverbs, negation and hedges -> be.ts, have.ts, verbs.ts
 *   possessive.ts    "my name is", "my favourite X is", "my sister Anna lives in Berlin", "X is my favourite"
 *   third-party.ts   "Biggie loves his yellow ball"
 *   grammar.ts       object phrases, first person -> third, verb agreement, lists
 *   lexicon.ts       vocabulary (kinship, pets, foods, professions...)
 *
 * Content is a short third-person sentence ("User works as a nurse"). The time phrase of an appointment, plan or
 * happening is kept verbatim in the content and returned as `timeExpression`; src/time resolves it.
 *
 * Category vocabulary (lowercase slash paths):
 *
 * | category                                   | type         | from                                        |
 * | ------------------------------------------ | ------------ | ------------------------------------------- |
 * | identity/name                              | personal     | "my name is Jason", "I'm Jason"             |
 * | identity/age, identity/birthday            | personal     | "I'm 34", "my birthday is June 5"           |
 * | identity/gender, identity/appearance       | personal     | "I'm a woman", "I'm 6 feet tall"            |
 * | identity/traits                            | personal     | "I'm a blonde", "I'm short" (weak)          |
 * | location/home, location/origin             | personal     | "I live in Oslo", "I'm from Toronto"        |
 * | location/history, location/current         | personal     | "I lived in Paris", "I'm in California"     |
 * | education/school, /field, /degree          | personal     | "I'm in college", "I study law"             |
 * | work/role, /employer, /field, /business    | professional | "I'm a nurse", "I work at AWS", "I own a bar"|
 * | work/status, /arrangement, /history        | professional | "I'm retired", "I work from home"           |
 * | work/projects                              | professional | "I'm working on a novel"                    |
 * | family/spouse, /partner, /children         | relational   | "my wife's name is Sarah", "I have 2 kids"  |
 * | family/siblings, /parents, /grandparents   | relational   | "my sister Anna lives in Berlin"            |
 * | family/grandchildren, /relatives, /status  | relational   | "I'm married"                               |
 * | social/friends, work/colleagues            | relational   | "my best friend Mike ..."                   |
 * | pets/dogs, /cats, /birds, /fish, /horses,  | relational   | "I have a dog called Biggie"                |
 * |   /reptiles, /small-animals, /farm-animals, /other                                                        |
 * | food/likes, food/dislikes                  | preference   | "I love sushi", "I hate olives"             |
 * | drinks/, activities/, animals/, colors/,   | preference   | "I prefer tea", "I love hiking"             |
 * |   music/, media/, vehicles/, seasons/ + likes or dislikes; likes, dislikes for anything else             |
 * | favorites/<thing>, favorites               | preference   | "my favorite color is green"                |
 * | activities/hobbies, media/books            | preference   | "I knit", "I read thrillers"                |
 * | health/allergies, /conditions, /diet       | health       | "I'm allergic to peanuts", "I'm vegetarian" |
 * | health/habits, health/medication           | health       | "I smoke", "I take insulin"                 |
 * | languages, skills, skills/music,           | skill        | "I speak French", "I can swim"              |
 * |   skills/learning                                                                                        |
 * | goals, goals/career, /learning, /travel,   | goal         | "I want to learn the piano"                 |
 * |   goals/health          (with a time phrase a plan becomes a temporal event: "I'm moving next year")    |
 * | feelings, feelings/fears                   | emotional    | "I'm stressed about my exams"               |
 * | routines                                   | procedural   | "I play tennis every Sunday"                |
 * | events, events/work, /appointments,        | temporal     | "I have a meeting tomorrow at 2pm"          |
 * |   events/school, /social, /travel                                                                        |
 * | history, history/travel                    | episodic     | "I went to Rome last week"                  |
 * | activities/current                         | episodic     | "I'm watching anime"                        |
 * | possessions, possessions/vehicles          | personal     | "I drive a Subaru Outback"                  |
 * | memberships, beliefs                       | personal     | "I'm in a band", "I believe in karma"       |
 * | others/likes, others/location, others/...  | (by verb)    | "Biggie loves his yellow ball"              |
 */
import { findTimeExpression } from '../time/resolve.js';
import type { Draft } from './rules/draft.js';
import { readFirstPerson } from './rules/first-person.js';
import { readMentions, readOpinion, readPossessive } from './rules/possessive.js';
import { splitClauses } from './rules/text.js';
import { readThirdParty } from './rules/third-party.js';
import { FREQUENCY } from './rules/verbs.js';
import type { CandidateMemory, ExtractionInput, Extractor } from './types.js';

export interface ExtractContext {
  /** Reference instant for locating time phrases (default: now). */
  referenceTime?: Date;
  /** IANA zone of the user (default: UTC). */
  timeZone?: string;
}

const PROPER_TIME_WORD = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Christmas|Easter|Thanksgiving|New Year)/;

/**
 * A cheap test before the time parser, the costliest step: a clause names a time only with a date or clock-like
 * number or a time word. Ambiguous short words ("may", "sat", "wed") count only in a date-like context, and "now"
 * is not an event time. Holidays end in "day" or are listed.
 */
const TIME_WORD = new RegExp(
  [
    String.raw`\b(?:at|on|in|by|since|until|till|from|before|after|around|the|of)\s+\d`,
    String.raw`\d\s*(?:am|pm|a\.m|p\.m|:\d|st\b|nd\b|rd\b|th\b|h\b)`,
    String.raw`\b(?:1[89]|20)\d\d\b`,
    String.raw`\d+\s*(?:days?|weeks?|months?|years?|hours?|minutes?|mins?|hrs?|decades?)\b`,
    String.raw`\d{1,2}[/.-]\d{1,2}`,
    String.raw`\b(?:today|tonight|tomorrow|tmrw?|tmr|yesterday|morning|afternoon|evening|night|noon|midnight|week|weekend|month|year|ago|fortnight|decade|tues?|thurs?|fri|weds|(?:mon|tues|wednes|thurs|fri|satur|sun)days?|jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|spring|summer|fall|autumn|winter|christmas|xmas|easter|thanksgiving|halloween|hanukkah|diwali|ramadan|eid|day|days|hour|hours|minute|minutes|soon|later|eod|semester)\b`,
    String.raw`\b(?:in|of|early|late|mid|next|last|this)\s+(?:may|march)\b|\b(?:may|march)\s+\d`,
  ].join('|'),
  'i',
);

/** The time phrase of a clause, exactly as the message says it, or null. */
function timePhrase(clause: string, message: string, context: Required<ExtractContext>): string | null {
  if (!TIME_WORD.test(clause)) return null;
  const found = findTimeExpression(clause, context.referenceTime, context.timeZone);
  if (!found) return null;
  if (message.includes(found.text)) return found.text;
  // The clause was normalised ("I'm" -> "I am"): find the same phrase in the original message.
  const lower = message.toLowerCase();
  const at = lower.indexOf(found.text.toLowerCase());
  return at >= 0 ? message.slice(at, at + found.text.length) : null;
}

type TimeLookup = (clause: string) => string | null;

const BARE_HOUR = /^(?:at\s+)?\d{1,2}$/i;

function finish(d: Draft, clause: string, timeOf: TimeLookup): CandidateMemory | null {
  const memory: CandidateMemory = {
    content: d.content.replace(/\s+/g, ' ').trim(),
    type: d.type,
    category: d.category,
    confidence: Math.round(Math.min(1, Math.max(0, d.confidence)) * 100) / 100,
    entities: [...new Map(d.entities.filter(Boolean).map((e) => [e.toLowerCase(), e.trim()])).values()],
  };
  if (!d.timed) return memory;
  // A recurring event is a routine: no single time to resolve.
  if (FREQUENCY.test(clause) && (d.type === 'temporal' || d.whenTimed || d.category.startsWith('events'))) {
    return { ...memory, type: 'procedural', category: 'routines' };
  }
  const phrase = timeOf(clause);
  if (!phrase) return d.requiresTime ? null : memory;
  // "I broke my nose at 10": a bare number after "at" in something that happened is an age as often as an hour, and
  // names no day either way.
  if (BARE_HOUR.test(phrase) && d.type === 'episodic') return d.requiresTime ? null : memory;
  if (!memory.content.toLowerCase().includes(phrase.toLowerCase())) {
    const said = PROPER_TIME_WORD.test(phrase) ? phrase : phrase.charAt(0).toLowerCase() + phrase.slice(1);
    memory.content = `${memory.content} ${said}`;
  }
  memory.timeExpression = phrase;
  const lowerPhrase = phrase.toLowerCase();
  memory.entities = memory.entities.filter((e) => !lowerPhrase.includes(e.toLowerCase()));
  if (d.whenTimed) {
    // A plan with a time ("I'm flying to Paris next Friday") is an event, said as plainly as an appointment.
    memory.type = d.whenTimed.type;
    memory.category = d.whenTimed.category;
    memory.confidence = Math.max(memory.confidence, 0.75);
  }
  return memory;
}

/**
 * The facts of one message, synchronously. Deterministic: the same message and context give the same output.
 * `context` only matters for locating time phrases.
 */
export function extractFacts(message: string, context: ExtractContext = {}): CandidateMemory[] {
  const full: Required<ExtractContext> = {
    referenceTime: context.referenceTime ?? new Date(),
    timeZone: context.timeZone ?? 'UTC',
  };
  const out: CandidateMemory[] = [];
  const seen = new Set<string>();
  const times = new Map<string, string | null>();
  const timeOf: TimeLookup = (clause) => {
    if (!times.has(clause)) times.set(clause, timePhrase(clause, message, full));
    return times.get(clause) ?? null;
  };
  for (const { text } of splitClauses(message)) {
    const drafts = [...readFirstPerson(text), ...readPossessive(text), ...readThirdParty(text)];
    if (drafts.length === 0) drafts.push(...readOpinion(text));
    const said = drafts.map((d) => d.content.toLowerCase()).join('\n');
    for (const mention of readMentions(text)) {
      const noun = mention.content.replace(/^User has (?:an? )?/, '').toLowerCase();
      const head = noun.split(' ').pop() ?? noun;
      if (!said.includes(head) && !said.includes(head.replace(/s$/, ''))) drafts.push(mention);
    }
    for (const d of drafts) {
      const memory = finish(d, text, timeOf);
      if (!memory) continue;
      const key = memory.content.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(memory);
    }
  }
  return out;
}

export class RulesExtractor implements Extractor {
  readonly name = 'rules';

  async extract(input: ExtractionInput): Promise<CandidateMemory[]> {
    return extractFacts(input.message, { referenceTime: input.referenceTime, timeZone: input.timeZone });
  }
}
