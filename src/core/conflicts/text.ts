/**
 * Text normalisation for conflict detection: first person to "user", contractions expanded, spelling variants
 * folded, a light stemmer. Deterministic and dependency-free: detection runs inside every remember transaction.
 */

const IRREGULAR: Record<string, string> = {
  is: 'be', am: 'be', are: 'be', was: 'be', were: 'be', been: 'be', being: 'be',
  has: 'have', had: 'have', having: 'have',
  does: 'do', did: 'do', done: 'do',
  goes: 'go', went: 'go', gone: 'go',
  ate: 'eat', eaten: 'eat', drank: 'drink', drunk: 'drink', drove: 'drive', driven: 'drive',
  spoke: 'speak', spoken: 'speak', made: 'make', got: 'get', gotten: 'get', bought: 'buy',
  began: 'begin', begun: 'begin', ran: 'run', swam: 'swim', sang: 'sing', wrote: 'write', written: 'write',
  taught: 'teach', thought: 'think', gave: 'give', given: 'give', took: 'take', taken: 'take', flew: 'fly',
  rode: 'ride', grew: 'grow', knew: 'know', saw: 'see', seen: 'see', met: 'meet', felt: 'feel', kept: 'keep',
  slept: 'sleep', left: 'leave', lost: 'lose', won: 'win', wore: 'wear', drew: 'draw', drawn: 'draw',
  children: 'child', kids: 'child', kid: 'child', people: 'person', men: 'man', women: 'woman', wives: 'wife',
  feet: 'foot', teeth: 'tooth', mice: 'mouse', lives: 'live', quit: 'quit', smoked: 'smoke', smokes: 'smoke',
  favorite: 'favourite', favourites: 'favourite', favorites: 'favourite', color: 'colour', colors: 'colour',
};

/** A light English stemmer: enough to fold inflections ("loves", "loved", "loving" -> "lov"). */
export function stem(word: string): string {
  const irregular = IRREGULAR[word];
  if (irregular !== undefined) return stripE(irregular);
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ied') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(?:ss|ch|sh|x|z|o)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  else if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(?:ll|ss|zz|ff)$/.test(w)) w = w.slice(0, -1);
  return stripE(w);
}

function stripE(w: string): string {
  return w.length > 3 && w.endsWith('e') && !w.endsWith('ee') ? w.slice(0, -1) : w;
}

/** Words that carry no fact of their own. */
export const STOP = new Set(
  (
    "a an the this that these those his her its their our your user 's of to in on at for from with by and or but as " +
    'some any very every each so than then there here it he she they them him who which what when where while about ' +
    'into onto over under up down out off also just really again be do will would should could may might must can'
  ).split(' '),
);

const SPELLING: Record<string, string> = {
  favorite: 'favourite', favorites: 'favourites', color: 'colour', colors: 'colours', neighbor: 'neighbour',
  neighbors: 'neighbours', gray: 'grey', theater: 'theatre', center: 'centre', traveled: 'travelled',
  traveling: 'travelling', mom: 'mother', mum: 'mother', dad: 'father', yoghurt: 'yogurt', whisky: 'whiskey',
};

/** Words that say a fact changed ("Biggie now loves..."): an update rather than a second value. */
const CHANGE = /\b(?:now|currently|these days|nowadays|anymore|any more|no longer|recently|lately|switched|moved|relocated|turned|instead|changed|new|used to)\b/;

/** Fillers dropped before parsing; change words among them are noted first. */
const FILLERS =
  /\b(?:really|actually|truly|absolutely|definitely|totally|also|still|just|now|currently|these days|nowadays|recently|lately|very much|so much|a lot|kind of|sort of|even|already|anymore|any more|too|as well|instead|honestly|genuinely|seriously|quite|pretty much)\b/g;

const MONTHS_DAYS = new Set(
  'january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays saturdays sundays'.split(
    ' ',
  ),
);

/** Sentence-initial words that are capitalised only because they start the sentence. */
const COMMON_INITIAL = new Set(
  'user i my the a an who what when where why how which whose every each on in at last this next today tonight yesterday tomorrow usually often sometimes always he she they it we you his her their our had has have is was went got did does do am are were being there here when after before since then now also and but so if'.split(
    ' ',
  ),
);

export interface NormalisedText {
  /** Lower case, one space between tokens, possessive `'s` as its own token. */
  text: string;
  /** Words (lower case) written with a capital where it cannot be sentence case: names, places, brands. */
  names: Set<string>;
  /** Multi-word names as written together ("arcade fire", "luna corp"). */
  entities: Set<string>;
  change: boolean;
}

function findNames(content: string): { names: Set<string>; entities: Set<string> } {
  const names = new Set<string>();
  const entities = new Set<string>();
  const words = content.replace(/[’‘]/g, "'").split(/[^\p{L}\p{N}']+/u).filter((w) => w !== '');
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) entities.add(run.join(' '));
    run = [];
  };
  words.forEach((raw, index) => {
    const word = raw.replace(/'s$/i, '').replace(/'$/, '');
    const lower = word.toLowerCase();
    const capital = /^\p{Lu}/u.test(word) || /^\p{Ll}+\p{Lu}/u.test(word); // "iPhone" counts
    const isName = capital && lower !== 'i' && lower !== 'user' && !MONTHS_DAYS.has(lower) && !(index === 0 && COMMON_INITIAL.has(lower));
    if (isName) {
      names.add(lower);
      run.push(lower);
      if (/'s?$/i.test(raw)) flush();
    } else flush();
  });
  flush();
  return { names, entities };
}

/** A first-person word that normalise rewrites. */
const FIRST_PERSON = /\b(?:i|my|mine|me|myself)\b/;

/** "Caroline: I went to the gym" (chat logs remembered raw): the speaker, and what they said. */
const SPEAKER = /^\s*(\p{Lu}[\p{L}'.-]*(?:\s\p{Lu}[\p{L}'.-]*){0,2})\s*:\s+(?=\S)/u;

export function normalise(content: string): NormalisedText {
  // In "Name: ..." the first person is the speaker, not the user.
  const speaker = SPEAKER.exec(content);
  const said = speaker ? content.slice(speaker[0].length) : content;
  const me = speaker ? speaker[1]!.toLowerCase() : 'user';
  const { names, entities } = findNames(said);
  if (speaker) for (const w of me.split(/\s+/)) names.add(w);
  let t = ` ${said.replace(/[’‘`]/g, "'").toLowerCase()} `;
  // Each group runs only when the text has what it rewrites (a memory is read on every store and lookup).
  if (t.includes("'")) {
    t = t
      .replace(/\bcan(?:no|')t\b/g, 'can not')
      .replace(/\bwon't\b/g, 'will not')
      .replace(/\bain't\b/g, 'is not')
      .replace(/\b([a-z]+)n't\b/g, '$1 not')
      .replace(/\bi'm\b/g, `${me} is`)
      .replace(/\bi've\b/g, `${me} has`)
      .replace(/\bi'd\b/g, `${me} would`)
      .replace(/\bi'll\b/g, `${me} will`);
  } else if (t.includes('cannot')) t = t.replace(/\bcannot\b/g, 'can not');
  if (FIRST_PERSON.test(t)) {
    t = t
      .replace(/\bi am\b/g, `${me} is`)
      .replace(/\bi have\b/g, `${me} has`)
      .replace(/\bi do\b/g, `${me} does`);
  }
  if (t.includes("'")) t = t.replace(/\b(?:it|that|he|she|there)'s\b/g, (m) => `${m.slice(0, -2)} is`);
  if (FIRST_PERSON.test(t)) {
    t = t
      .replace(/\bi\b/g, me)
      .replace(/\b(?:my|mine)\b/g, `${me}'s`)
      .replace(/\b(?:me|myself)\b/g, me);
  }
  if (t.includes('the user')) t = t.replace(/\bthe user\b/g, 'user');
  const change = CHANGE.test(t);
  t = t
    .replace(/\bno longer\b/g, 'not')
    .replace(/\bused to\b/g, 'not')
    .replace(FILLERS, ' ')
    .replace(/([a-z0-9])'s\b/g, "$1 's")
    .replace(/([a-z])s'(?=\s)/g, "$1s 's")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/(^|\s)'(?!s\b)|'(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  t = t
    .split(' ')
    .map((w) => SPELLING[w] ?? w)
    .join(' ');
  return { text: t, names, entities, change };
}

/** Stems of the words that carry meaning: what lexical similarity compares. */
export function contentStems(text: string): string[] {
  return text
    .split(' ')
    .filter((w) => w !== '' && !STOP.has(w) && w !== 'not' && w !== 'never' && w !== 'no')
    .map(stem);
}

/** Dice coefficient of two token sets. */
export function dice(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size === 0 && sb.size === 0) return 1;
  let both = 0;
  for (const t of sa) if (sb.has(t)) both++;
  return (2 * both) / (sa.size + sb.size);
}

export function jaccard(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size === 0 && sb.size === 0) return 1;
  let both = 0;
  for (const t of sa) if (sb.has(t)) both++;
  return both / (sa.size + sb.size - both);
}

export function countNegations(text: string): number {
  return (text.match(/\b(?:not|never|no)\b/g) ?? []).length;
}
