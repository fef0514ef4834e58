/**
 * Small pieces of English grammar the rules need to write a fact: where an object phrase ends, first person to
 * third ("my mom" -> "User's mom"), verb agreement ("I love" -> "User loves"), articles and lists.
 */
import { STOPWORDS } from './lexicon.js';

const IRREGULAR_3RD: Record<string, string> = { have: 'has', be: 'is', am: 'is', do: 'does', go: 'goes' };

/** "love" -> "loves", "watch" -> "watches", "study" -> "studies". */
export function thirdPerson(verb: string): string {
  const lower = verb.toLowerCase();
  const irregular = IRREGULAR_3RD[lower];
  if (irregular) return irregular;
  if (/(?:s|sh|ch|x|z|o)$/.test(lower)) return `${verb}es`;
  if (/[^aeiou]y$/.test(lower)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

export type Negation = '' | 'not' | 'never' | 'no longer';

/** The verb phrase for the user: "loves", "does not love", "never loves", "always gets". */
export function verbFor(base: string, neg: Negation, adverb = '', past = false): string {
  const lead = adverb ? `${adverb} ` : '';
  // "listen to" -> "listens to": only the verb agrees.
  const space = base.indexOf(' ');
  if (space > 0) {
    const [head, tail] = [base.slice(0, space), base.slice(space)];
    return `${verbFor(head, neg, adverb, past)}${tail}`;
  }
  if (neg === 'not') return `${past ? 'did' : 'does'} not ${base}`;
  if (neg === 'never') return `never ${thirdPerson(base)}`;
  if (neg === 'no longer') return `no longer ${thirdPerson(base)}`;
  return `${lead}${thirdPerson(base)}`;
}

/** "is" with its negation: "is", "is not", "is never", "is no longer". */
export function beFor(neg: Negation, past = false): string {
  const be = past ? 'was' : 'is';
  return neg ? `${be} ${neg}` : be;
}

const FIRST_TO_THIRD: Array<[RegExp, string]> = [
  [/\b(?:i|I) am\b/g, 'User is'],
  [/\b(?:i|I) was\b/g, 'User was'],
  [/\b(?:i|I) have\b/g, 'User has'],
  [/\b(?:i|I) do\b/g, 'User does'],
  [/\b(?:i|I)\b(?!')/g, 'User'],
  [/\b[Mm]yself\b/g, 'themselves'],
  [/\b[Mm]y\b/g, "User's"],
  [/\b[Mm]ine\b/g, "User's"],
  [/\b[Mm]e\b(?!-)/g, 'User'],
  [/\b[Oo]ur\b/g, "User's"],
  [/\b[Oo]urs\b/g, "User's"],
  [/\b[Uu]s\b/g, 'User'],
  [/\b[Ww]e are\b/g, 'User is'],
  [/\b[Ww]e have\b/g, 'User has'],
];

/** Rewrites first-person words of a phrase in the third person: "my mom" -> "User's mom". */
const FIRST_PERSON_WORD = /\b(?:[Ii]|[Mm]y|[Mm]e|[Mm]ine|[Mm]yself|[Oo]urs?|[Uu]s|[Ww]e)\b/;

export function toThirdPerson(phrase: string): string {
  if (!FIRST_PERSON_WORD.test(phrase)) return phrase;
  let out = phrase;
  for (const [re, by] of FIRST_TO_THIRD) out = out.replace(re, by);
  return out;
}

/** Where an object phrase stops: punctuation, a subordinate clause, a new subject, chat filler. */
const BOUNDARY = new RegExp(
  [
    String.raw`\s*[;!?()"]`,
    String.raw`(?<!\b[a-zA-Z])\.(?=\s|$)`,
    String.raw`\s+[-\u2013\u2014]+(?:\s|$)`,
    String.raw`\s+so\s+(?:that\s+)?(?:i|we|he|she|they|you|it|my|there|this|now|yeah)\b`,
    String.raw`\s+(?:but|because|cause|cuz|coz|since|though|tho|although|while|whereas|which|who|whom|whose|where|when|whenever|if|unless|until|till|that|than|lol|haha|hahaha|hah|haha|hehe|lmao|rofl|jk|btw|except|plus|hence|yet|cos|whereby|what|how|why|whats|especially|anyway|anyways|honestly)\b`,
    String.raw`\s+(?:i|he|she|we|they|you|it|there|this|that|who)\s+(?:am|is|are|was|were|have|has|had|do|does|did|can|could|will|would|should|just|also|really|love|loves|like|likes|think|know|want|need|got|get|go|went|said|says|feel|hope|guess|mean|must|might|may|not|never)\b`,
    String.raw`\s+(?:his|her|its|their|my)\s+names?\s+(?:is|are)\b`,
    String.raw`\s+(?:is|are|was|were)\s+(?:also\s+|really\s+|so\s+|just\s+)?(?:something|what|one|my|the|a|an|so|really|very|too|great|awesome|good|nice|fun|amazing|cool|the best)\b`,
    String.raw`\s+(?:and|or)\s+(?:i|we|he|she|they|you|it|my|then)\b`,
    String.raw`\s+(?:what|how)\s+about\b`,
    String.raw`\s+and\s+you\b`,
    String.raw`\s+(?:do|did|have|are|can|would)\s+you\b`,
  ].join('|'),
  'i',
);

/** Chat filler an object phrase may end with ("sushi too", "hiking a lot lol"), stripped word by word. */
const TRAILING_FILLERS = [
  'too', 'also', 'as well', 'either', 'anymore', 'any more', 'a lot', 'alot', 'lots', 'so much', 'very much', 'much',
  'really', 'though', 'tho', 'now', 'right now', 'at the moment', 'these days', 'nowadays', 'lately', 'honestly',
  'actually', 'haha', 'lol', 'ha', 'hah', 'ok', 'okay', 'i guess', 'i think', 'in general', 'at all', 'ever', 'again',
  'yet', 'already', 'personally', 'more', 'the most', 'most', 'best', 'the best', 'more than anything', 'of all',
  'instead', 'mostly', 'i suppose', 'for sure', 'anyway', 'myself', 'here', 'there', 'lmao', 'hehe', 'and stuff',
  'or something', 'and all', 'and such', 'so yeah', 'yeah', 'you know', 'right', 'obviously', 'of course',
  'i guess', 'unfortunately', 'fortunately', 'definitely', 'probably', 'sometimes', 'often', 'usually',
  // Words a phrase cannot end on ("User smokes way to").
  'to', 'of', 'for', 'with', 'in', 'on', 'at', 'from', 'by', 'about', 'as', 'into', 'the', 'a', 'an', 'and', 'or',
  'but', 'my', 'your', 'his', 'her', 'their', 'our', 'is', 'are', 'was', 'were', 'be', 'very', 'so', 'some', 'any',
];
const FILLER_TAILS = new Map<string, string[]>();
for (const filler of TRAILING_FILLERS) {
  const last = filler.split(' ').pop() ?? filler;
  FILLER_TAILS.set(last, [...(FILLER_TAILS.get(last) ?? []), filler].sort((a, b) => b.length - a.length));
}

/** Drops trailing filler words; a one-word phrase is left alone ("in" stays "in"). */
function dropTrailingFillers(phrase: string): string {
  let out = phrase;
  for (;;) {
    const space = out.lastIndexOf(' ');
    if (space < 0) return out;
    const fillers = FILLER_TAILS.get(out.slice(space + 1).toLowerCase());
    if (!fillers) return out;
    const lower = out.toLowerCase();
    const filler = fillers.find((f) => lower.endsWith(` ${f}`) || lower.endsWith(`,${f}`));
    if (!filler || filler.length + 1 >= out.length) return out;
    out = out.slice(0, out.length - filler.length).replace(/[\s,]+$/, '');
  }
}
const LEADING_FILLER =
  /^(?:(?:really|just|also|totally|absolutely|actually|kind of|kinda|sort of|pretty much|definitely|truly|still|even|mostly|mainly|only|simply|certainly|always|usually|quite|rather|so|very|especially|particularly)\s+)+/i;
/** An object that is really a clause ("I like when ...", "I love how ..."). */
const CLAUSAL =
  /^(?:when|how|what|if|whether|why|where|because|since|until|although|though|while|who|which|whenever|wherever|that\s+(?:it|he|she|they|you|we|i|there|this|my|your|our|people|everyone|someone))\b/i;
const EMPTY_OBJECT =
  /^(?:be|through|around|along|by|past|away|ahead|my|your|our|his|her|their|User's|(?:a lot of|alot of|lots of|some of|all of|both of|most of|one of|any of)\s+(?:them|it|those|these|us)|not|never|doing|it|that|this|them|those|these|you|your|yours|one|ones|some|him|her|there|here|so|too|everything|anything|something|nothing|stuff|things|lot|a lot|all|both|more|much|none|either|neither|any|what|how|when|if|whether|why|which|who|the same|same|as well|well|out|up|down|in|on|off|back|over|to|to it|to do|to do it|to do that|doing it|doing that|that one|this one|the one|mine|yours|his|hers|theirs|ours|me|myself|us|doing so|so much|very much|such|a bit|a little|little|each other|the idea|the thought)$/i;

export interface ObjectOptions {
  /** How commas are read: end of the phrase, a list ("fishing, hiking and biking") or a place ("Vienna, Austria"). */
  commas?: 'cut' | 'list' | 'place';
  /** Longest phrase kept, in words. */
  maxWords?: number;
}

function cutAtBoundary(raw: string): string {
  const m = BOUNDARY.exec(raw);
  return m ? raw.slice(0, m.index) : raw;
}

/** Spaces, commas, colons and dashes at either end of a phrase. */
function isEdge(code: number): boolean {
  return code === 32 || code === 44 || code === 58 || code === 45 || code === 9 || code === 10 || code === 0x2013 || code === 0x2014 || code === 0xa0;
}

function trimEdges(phrase: string): string {
  let start = 0;
  let end = phrase.length;
  while (start < end && isEdge(phrase.charCodeAt(start))) start++;
  while (end > start && isEdge(phrase.charCodeAt(end - 1))) end--;
  return start === 0 && end === phrase.length ? phrase : phrase.slice(start, end);
}

function clean(phrase: string): string {
  let out = trimEdges(phrase);
  for (let i = 0; i < 3; i++) {
    const before = out;
    out = trimEdges(dropTrailingFillers(out).replace(LEADING_FILLER, ''));
    if (out === before) break;
  }
  return out;
}

/**
 * The object phrase at the start of `raw`, or null when there is none worth keeping ("it", "that", a
 * pronoun or a question). The phrase keeps the message's casing.
 */
export function takeObject(raw: string, options: ObjectOptions = {}): string | null {
  const commas = options.commas ?? 'cut';
  const trimmed = raw.trim();
  const pieces = trimmed.includes(',') ? trimmed.split(/\s*,\s*/) : [trimmed];
  let phrase = cutAtBoundary(pieces[0] ?? '');
  const firstWhole = phrase === (pieces[0] ?? '');
  if (commas !== 'cut' && firstWhole) {
    for (let i = 1; i < pieces.length; i++) {
      const piece = pieces[i] ?? '';
      const cut = cutAtBoundary(piece);
      const words = clean(cut).split(/\s+/).filter(Boolean);
      const isLast = cut !== piece || i === pieces.length - 1;
      if (words.length === 0 || words.length > (commas === 'place' ? 3 : 6)) break;
      if (STOPWORDS.has((words[0] ?? '').toLowerCase()) && !/^(?:and|or)$/i.test(words[0] ?? '')) break;
      if (commas === 'place' && i > 1) break;
      // "I appreciate our friendship too, Caroline": a name after a comma is the person spoken to.
      if (words.length === 1 && /^[A-Z][a-z]+$/.test(words[0] ?? '') && !/^[A-Z]/.test(phrase)) break;
      phrase += `, ${cut}`;
      if (isLast) break;
    }
  }
  phrase = clean(phrase);
  if (!phrase || EMPTY_OBJECT.test(phrase) || CLAUSAL.test(phrase) || /^being (?:me|myself)$/i.test(phrase)) return null;
  const words = phrase.split(/\s+/);
  const max = options.maxWords ?? 12;
  if (words.length > max) phrase = clean(words.slice(0, max).join(' '));
  return phrase || null;
}

/** Two-part names that are one thing: "mac and cheese" must not become two likes. */
const BINOMIALS =
  /\b(?:mac and cheese|macaroni and cheese|rock and roll|rock n roll|salt and pepper|fish and chips|peanut butter and jelly|bread and butter|rhythm and blues|r and b|black and white|arts and crafts|dungeons and dragons|law and order|tom and jerry|ben and jerry'?s|pros and cons|trial and error|rice and beans|chips and salsa|milk and cookies|bed and breakfast|cops and robbers|hide and seek|truth or dare|sweet and sour|hot and sour|surf and turf|lord of the rings|pride and prejudice|war and peace|beauty and the beast|simon and garfunkel|hall and oates|guns and roses|guns n roses|pen and paper|cheese and crackers|spaghetti and meatballs|biscuits and gravy|chicken and waffles|bangers and mash|eggs and bacon|bacon and eggs|ham and cheese|sour cream and onion|cookies and cream|strawberries and cream|gin and tonic|rum and coke|whiskey and coke)\b/i;

/** Items of a coordinated phrase: "French and German" -> ["French", "German"]. */
export function splitList(phrase: string): string[] {
  if (BINOMIALS.test(phrase)) return [phrase];
  const items = phrase
    .split(/\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&|as well as|plus|n)\s+/i)
    .map((s) => clean(s.replace(/^(?:like|such as|including)\s+/i, '')))
    .filter((s) => s && !EMPTY_OBJECT.test(s));
  if (items.length < 2 || items.some((s) => s.split(/\s+/).length > 5)) return [phrase];
  return items;
}

/** "a dog", "an iguana", "dogs", "three cats": the phrase with an indefinite article where English needs one. */
export function withArticle(noun: string, plural: boolean): string {
  if (plural || /^(?:\d+|a|an|the|some|one|two|three|four|five|six|seven|eight|nine|ten|many|several|few|lots)\b/i.test(noun)) {
    return noun;
  }
  return /^(?:[aeio]|u(?![nks]i|s[aeu]|ni))/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

const CAPITALISED = /\b[A-Z][\w'&.-]*(?:\s+(?:of|de|la|van|von|the|and|&)?\s*[A-Z][\w'&.-]*)*/g;
const NOT_ENTITIES = new Set([
  'User', "User's", 'I', 'The', 'A', 'An', 'My', 'It', 'This', 'That', 'He', 'She', 'We', 'They', 'You',
  'And', 'But', 'Or', 'So', 'OK', 'Ok', 'Lol', 'LOL',
]);

/** "jason" -> "Jason". */
export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Proper names in a phrase: capitalised words ("San Francisco", "AWS", "University of Michigan"). */
export function properNames(phrase: string): string[] {
  const out: string[] = [];
  if (!/[A-Z]/.test(phrase)) return out;
  for (const m of phrase.matchAll(CAPITALISED)) {
    const name = m[0].replace(/'s$/, '').replace(/[.]+$/, '');
    if (!NOT_ENTITIES.has(name) && !/^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Christmas|Easter|Thanksgiving)s?$/.test(name)) {
      out.push(name);
    }
  }
  return out;
}

/** The key object of a phrase without its article or possessive: "a dog called Biggie" -> "dog called Biggie". */
export function bareNoun(phrase: string): string {
  return phrase
    .replace(/^(?:a|an|the|some|my|our|his|her|their|User's)\s+/i, '')
    .replace(/^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|few|many|several|lots of|a lot of)\s+/i, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lower-case words of a phrase, for lexicon look-ups. */
export function wordsOf(phrase: string): string[] {
  return phrase.toLowerCase().split(/[^a-z0-9'+#&-]+/).filter(Boolean);
}

/** Longest run of words at the end of `words` (up to `max`) found in `set`, and where it starts. */
export function findTail(words: string[], has: (w: string) => boolean, max = 3): { word: string; at: number } | null {
  for (let n = Math.min(max, words.length); n >= 1; n--) {
    const word = words.slice(words.length - n).join(' ');
    if (has(word)) return { word, at: words.length - n };
  }
  return null;
}

/** First run of words (up to `max` long) anywhere in `words` found in `set`; the longest at that position. */
export function findAny(words: string[], has: (w: string) => boolean, max = 3): { word: string; at: number } | null {
  for (let i = 0; i < words.length; i++) {
    let phrase = '';
    let best: string | null = null;
    for (let n = 0; n < max && i + n < words.length; n++) {
      phrase = n === 0 ? (words[i] ?? '') : `${phrase} ${words[i + n]}`;
      if (has(phrase)) best = phrase;
    }
    if (best !== null) return { word: best, at: i };
  }
  return null;
}
