/**
 * Past or future, read from the sentence around a time phrase. Ambiguous phrases ("on Friday", "March 3rd",
 * "at 9am") are resolved to the past only when the verb that governs them is in the past tense; present and future
 * forms ("is on", "I'm flying", "will", "have a meeting") point forward, as plans in chat usually do.
 */
export type Tense = 'past' | 'future' | 'neutral';

const IRREGULAR_PAST = new Set(
  (
    'was were went did had got came met saw made took left bought ate ran spent began gave told said found lost won ' +
    'flew drove wrote thought felt heard sent paid sold built broke fell forgot slept woke sat stood wore swam sang ' +
    'drank caught taught brought fought became knew grew threw rode hid shook chose spoke froze stole kept meant ' +
    'ago yesterday used'
  ).split(' '),
);

/** -ed words that are usually adjectives or fixed phrases, not a narrated past ("I'm excited", "scheduled for"). */
const NOT_PAST_ED = new Set(
  (
    'need needed excited interested scheduled planned booked supposed tired married engaged retired based ' +
    'worried scared bored prepared involved allowed required expected invited red bed wed shed hundred ' +
    'sacred naked wicked speed feed seed weed indeed proceed exceed succeed'
  ).split(' '),
);

const FUTURE = new Set(
  (
    "will 'll shall going gonna plan plans planning about want wants hope hopes intend intends need needs must " +
    "should is are am 'm 're 's be have has can't cannot can may might"
  ).split(' '),
);

const BE_FORMS = new Set("am is are 'm 're 's be being get gets getting".split(' '));
const PERFECT = new Set("have has 've".split(' '));

function tokens(text: string): string[] {
  return text.toLowerCase().replace(/[’]/g, "'").match(/'?[a-z]+(?:'[a-z]+)?|'[a-z]+/g) ?? [];
}

function splitContractions(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    const m = /^([a-z]+)('(?:m|re|s|ll|ve|d))$/.exec(w);
    if (m && m[1] && m[2]) {
      out.push(m[1], m[2]);
    } else out.push(w);
  }
  return out;
}

/** The tense marker of one word given the word before it, or null when the word says nothing. */
function markerOf(word: string, previous: string | undefined, next: string | undefined): Tense | null {
  if (PERFECT.has(word)) {
    // "I've been", "has moved": the present perfect narrates the past; "I have a meeting" plans ahead.
    if (next && (next === 'been' || next === 'gone' || next === 'done' || next === 'seen' || next === 'had' || isPastForm(next))) {
      return 'past';
    }
    return 'future';
  }
  if (word === 'was' || word === 'were' || word === 'had' || word === 'did') return 'past';
  if (FUTURE.has(word)) return 'future';
  if (isPastForm(word)) {
    if (previous && (BE_FORMS.has(previous) || previous === 'will' || previous === "'ll")) return null;
    return 'past';
  }
  return null;
}

function isPastForm(word: string): boolean {
  if (IRREGULAR_PAST.has(word)) return true;
  return word.length >= 5 && word.endsWith('ed') && !NOT_PAST_ED.has(word);
}

function scan(words: string[], reverse: boolean): Tense | null {
  const order = reverse ? [...words.keys()].reverse() : [...words.keys()];
  for (const i of order) {
    const marker = markerOf(words[i] as string, words[i - 1], words[i + 1]);
    if (marker) return marker;
  }
  return null;
}

/**
 * The tense that governs `phrase` inside `context`: the nearest marker before the phrase in its clause, else the
 * nearest after it. 'neutral' when nothing decides (callers treat it like the future).
 */
export function tenseOf(context: string, phrase: string): Tense {
  const lower = context.toLowerCase();
  const at = phrase ? lower.indexOf(phrase.toLowerCase()) : -1;
  const before = at >= 0 ? context.slice(0, at) : context;
  const after = at >= 0 ? context.slice(at + phrase.length) : '';
  const clauseBefore = before.split(/[.!?;]|,\s*(?:and|but|so)\b|\b(?:and|but|because|while|when)\b/i).pop() ?? '';
  const clauseAfter = after.split(/[.!?;]|,\s*(?:and|but|so)\b|\b(?:and|but|because|while|when)\b/i)[0] ?? '';
  const beforeWords = splitContractions(tokens(clauseBefore));
  const found = scan(beforeWords, true) ?? scan(splitContractions(tokens(clauseAfter)), false);
  return found ?? 'neutral';
}
