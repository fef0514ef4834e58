/**
 * Finds each first-person subject of a clause ("I", "we"), reads how it is said (adverbs, "do not", "never",
 * hedges like "I think"), and hands the predicate to the rules for "am", "have" and other verbs.
 */
import { readBe, readWas } from './be.js';
import type { Draft, Subject } from './draft.js';
import type { Negation } from './grammar.js';
import { readHave } from './have.js';
import { readVerb } from './verbs.js';

const ADVERBS =
  'really|also|just|still|actually|usually|always|often|sometimes|absolutely|totally|truly|definitely|generally|' +
  'mostly|mainly|currently|now|even|literally|honestly|seriously|personally|especially|recently|finally|already|' +
  'only|simply|normally|typically|occasionally|rarely|certainly|def|pretty much|kind of|kinda|sort of|both|all|' +
  'originally|primarily|secretly|regularly|frequently|constantly|obviously|basically|newly|super|so|too|sure|' +
  'once|first|then|absolutely|genuinely|particularly|definately|officially|probably|maybe|currently|lately|' +
  'personally|somehow|slowly|mostly|nowadays|occasionally|happily|proudly|desperately|badly|sometime|soon|' +
  'eventually|hopefully|luckily|sadly|unfortunately|fortunately|apparently|recently|usually|daily|also';
/** Verbs that follow an emphatic "do" ("I do like photography"); otherwise "do" is the verb ("I do yoga"). */
const AFTER_DO =
  'love|like|enjoy|adore|want|have|know|speak|live|work|play|eat|drink|hate|miss|need|feel|believe|own|prefer|' +
  'wish|hope|care|mind|get|go|cook|read|watch|listen|sing|dance|swim|run|teach|study|appreciate|think|agree';
const PREFIX = new RegExp(
  String.raw`(i|we)\s+((?:(?:${ADVERBS})\s+)*)(?:(do|does|did)\s+(?=(?:not|never|no\s+longer)\b|(?:(?:${ADVERBS})\s+)*(?:${AFTER_DO})\b))?(not\s+|never\s+|no\s+longer\s+)?((?:(?:${ADVERBS})\s+)*)`,
  'iy',
);
const SUBJECT = /\b(?:i|we)\b(?!')/gi;
const FREQUENCY_ADVERB = /\b(always|usually|often|sometimes|normally|typically|occasionally|rarely|regularly|frequently|constantly|generally)\b/i;
const AUX_NEGATION = /^(am|are|was|were|have|has|had|can|could|will|would|should)\s+(not|never|no\s+longer)\s+/i;
/** Words after which "I" is not a statement of fact: conditions, questions, wishes, relative clauses. */
const BLOCKERS = new Set([
  'if', 'unless', 'whether', 'wish', 'what', 'how', 'why', 'where', 'when', 'whenever', 'should', 'could',
  'would', 'do', 'did', 'does', 'can', 'will', 'am', 'are', 'is', 'was', 'were', 'than', 'as', 'till',
  'until', 'once', 'before', 'after', 'whom', 'which', 'who', 'that', 'like', 'imagine', 'pretend', 'suppose',
  'hope', 'wonder', 'let', 'help', 'have', 'has', 'had', 'shall', 'might', 'may', 'must', 'say', 'says',
  'said', 'says', 'tell', 'told', 'ask', 'asked', 'remind', 'even', 'whatever', 'whoever', 'wherever',
  'everything', 'anything', 'something', 'nothing', 'all', 'thing', 'things', 'way', 'one', 'ones', 'stuff',
  'what', 'whatever', 'dreamt', 'dreamed', 'dream', 'thought', 'assume', 'assumed', 'reason', 'because',
  'cause', 'cuz', 'coz', 'since', 'though', 'although', 'while',
]);
/** Words before "I" that make it a hedge ("I think I ...", "maybe I ..."). */
const HEDGES = new Set(['think', 'guess', 'believe', 'suppose', 'maybe', 'probably', 'perhaps', 'possibly', 'reckon', 'feel']);
/** "We" is read only where it commonly speaks for the user's household. */
const WE_PREDICATES = /^(?:live|lived|have|had|own|owned|moved|are|were|got|adopted|went|visited|bought|run|raise|grow|just|recently|both|all|also)\b/i;

/** Third person singular to base form: "drives" -> "drive" (for "I'm a guy who drives a Prius"). */
function baseForm(verb: string): string {
  const lower = verb.toLowerCase();
  const irregular: Record<string, string> = { has: 'have', is: 'am', does: 'do', goes: 'go', was: 'was' };
  if (irregular[lower]) return irregular[lower] ?? lower;
  if (/ies$/.test(lower)) return `${lower.slice(0, -3)}y`;
  if (/(?:ches|shes|sses|xes|zes|oes)$/.test(lower)) return lower.slice(0, -2);
  if (/s$/.test(lower) && !/ss$/.test(lower)) return lower.slice(0, -1);
  return lower;
}

export function readPredicate(rest: string, s: Subject): Draft[] | null {
  let m = /^(?:am|are)\s+(.*)/i.exec(rest);
  if (m) {
    const drafts = readBe(m[1] ?? '', s) ?? [];
    // "I am a guy who drives a Prius": the relative clause is about the user too.
    const who = /^(?:(?:a|an)\s+[^,.;]*?|(?:also\s+)?(?:someone|somebody|one|the (?:kind|type|sort) of (?:person|guy|girl|woman|man)))\s+who\s+([a-z]+)\b(.*)$/i.exec(m[1] ?? '');
    if (who) drafts.push(...(readPredicate(`${baseForm(who[1] ?? '')}${who[2] ?? ''}`, { ...s, neg: '' }) ?? []));
    return drafts.length ? drafts : null;
  }
  m = /^(?:was|were)\s+(.*)/i.exec(rest);
  if (m) return readWas(m[1] ?? '', s);
  m = /^(?:have|has)\s+(.*)/i.exec(rest);
  if (m) return readHave(m[1] ?? '', s);
  m = /^had\s+(.*)/i.exec(rest);
  if (m) return readHave(m[1] ?? '', s, true);
  return readVerb(rest, s);
}

/** Every fact stated in the first person in one clause. */
export function readFirstPerson(clause: string): Draft[] {
  const out: Draft[] = [];
  SUBJECT.lastIndex = 0;
  for (let m = SUBJECT.exec(clause); m; m = SUBJECT.exec(clause)) {
    const before = clause.slice(0, m.index);
    const words = /(?:([A-Za-z']+)[^A-Za-z']+)?([A-Za-z']+)[^A-Za-z']*$/.exec(before);
    const previous = words?.[2]?.toLowerCase();
    const beforePrevious = words?.[1]?.toLowerCase();
    // "I do I have ten cats", "that is why I ...": not a question or a condition.
    const asserted =
      (beforePrevious === 'i' && /^(?:do|did)$/.test(previous ?? '')) ||
      (/^(?:is|was)$/.test(beforePrevious ?? '') && /^(?:why|where|what|how|when)$/.test(previous ?? ''));
    if (previous && BLOCKERS.has(previous) && !asserted) continue;
    // "me and my wife": "my" is not a subject; and "I" in "I.e." is not one either.
    if (/[.'-]$/.test(before)) continue;
    PREFIX.lastIndex = m.index;
    const p = PREFIX.exec(clause);
    if (!p) continue;
    let rest = clause.slice(PREFIX.lastIndex);
    const we = (p[1] ?? '').toLowerCase() === 'we';
    if (we && !WE_PREDICATES.test(rest)) continue;
    let neg = (p[4] ?? '').trim().replace(/\s+/g, ' ').toLowerCase() as Negation;
    const aux = AUX_NEGATION.exec(rest);
    if (aux && !neg) {
      neg = (aux[2] ?? '').replace(/\s+/g, ' ').toLowerCase() as Negation;
      rest = `${aux[1]} ${rest.slice(aux[0].length)}`;
    }
    if (we) rest = rest.replace(/^are\b/i, 'am').replace(/^were\b/i, 'was');
    const adverbs = `${p[2] ?? ''} ${p[5] ?? ''}`;
    const hedged = (previous && HEDGES.has(previous)) || /\b(?:probably|maybe)\b/i.test(adverbs);
    const s: Subject = {
      we,
      neg,
      past: (p[3] ?? '').toLowerCase() === 'did',
      adverb: FREQUENCY_ADVERB.exec(adverbs)?.[1]?.toLowerCase() ?? '',
      hedge: hedged ? 0.75 : 1,
      clause,
    };
    const drafts = readPredicate(rest, s);
    if (drafts) out.push(...drafts);
  }
  return out;
}
