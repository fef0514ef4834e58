/**
 * "I have ..." and "I had ...": family, pets, health conditions, appointments, possessions, and the present
 * perfect ("I have lived", "I have been to"). `rest` is what follows "have" / "had".
 */
import { readBe } from './be.js';
import { type Draft, type Subject, draft, entitiesOf, likeCategory, scaled, third } from './draft.js';
import { bareNoun, properNames, splitList, takeObject, wordsOf } from './grammar.js';
import { NON_POSSESSIONS, STOPWORDS } from './lexicon.js';
import { type NounClass, classifyNoun } from './nouns.js';

const NAMES = String.raw`[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?(?:(?:\s*,\s*|\s+and\s+|\s*&\s*)[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)*`;
const NAMED_CAPITALISED = new RegExp(String.raw`^(.+?)(?:\s*[,:]\s*|\s+(named|called|whose names? (?:is|are))\s+)(${NAMES})\s*$`);
const NAMED_LOWER = /^(.+?)\s+(named|called)\s+([a-z][\w'-]*)\b/i;

/** "a dog called Biggie", "two kids, Emma and Noah": the thing and its names, when it has some. */
export function namedThing(phrase: string): { thing: string; names: string; connector: string } | null {
  const capital = NAMED_CAPITALISED.exec(phrase);
  if (capital && capital[1] && capital[3]) {
    return { thing: capital[1], names: capital[3], connector: capital[2] ? capital[2] : 'named' };
  }
  const lower = NAMED_LOWER.exec(phrase);
  if (lower && lower[1] && lower[3] && !STOPWORDS.has(lower[3].toLowerCase())) {
    return { thing: lower[1], names: lower[3], connector: lower[2] ?? 'named' };
  }
  return null;
}

const PAST_PARTICIPLE =
  /^((?:always|just|already|recently|finally|once|ever|also|really|actually|since|long|mostly|only)\s+)*(lived|worked|studied|played|seen|met|visited|traveled|travelled|done|tried|read|watched|owned|had|taught|known|loved|hated|used|eaten|climbed|hiked|won|lost|broken|finished|started|written|made|built|raised|adopted|volunteered|coached|trained|practiced|practised|collected|grown|learned|learnt|spent|gone|moved|quit|stopped|given up|dreamed|dreamt|enjoyed|liked|driven|ridden|flown|sung|danced|painted|cooked|baked|taken|completed|graduated|retired|married|divorced|survived|beaten|received|earned|published|recorded|performed|competed|served|fostered|rescued|bought|sold|found|become|wanted|run|owned)\b\s*(.*)/i;

function perfect(s: Subject): string {
  return s.neg ? `has ${s.neg}` : 'has';
}

function possessionVerb(s: Subject, past: boolean): string {
  if (s.neg === 'not') return s.past || past ? 'did not have' : 'does not have';
  if (s.neg) return `${s.neg} ${past ? 'had' : 'has'}`;
  return past ? 'had' : 'has';
}

const PARTICIPLE_OR_PREPOSITION =
  /^(?:[a-z]+ed|come|gone|been|done|seen|become|known|grown|taken|given|made|had|got|gotten|run|begun|brought|bought|thought|felt|kept|left|lost|met|paid|said|sent|spent|told|won|written|eaten|fallen|forgotten|driven|ridden|flown|sung|swum|worn|chosen|spoken|broken|stolen|woken|hidden|from|to|for|with|at|in|on|by|about|of|into|since|through|over|under)\b/i;

/** "a question about Python", "a good day": things one "has" that say nothing about the user. */
function saysNothing(item: string): boolean {
  const words = wordsOf(bareNoun(item));
  for (let n = Math.min(3, words.length); n >= 1; n--) {
    if (NON_POSSESSIONS.has(words.slice(0, n).join(' '))) return true;
  }
  return false;
}

/** One thing the user has, by what kind of thing it is. */
function possession(item: string, cls: NounClass, s: Subject, past: boolean): Draft | null {
  if (saysNothing(item)) return null;
  // "I've come a long way", "the support I've got from friends": no thing is had.
  if (PARTICIPLE_OR_PREPOSITION.test(item)) return null;
  const verb = possessionVerb(s, past);
  const content = `User ${verb} ${third(item)}`;
  const c = (n: number) => scaled(past ? n * 0.8 : n, s);
  const entities = entitiesOf(item);
  switch (cls.kind) {
    case 'allergy':
      return draft(content, 'health', 'health/allergies', c(0.9), entities);
    case 'condition':
      return past
        ? { ...draft(content, 'episodic', 'history', c(0.7), entities, true) }
        : draft(content, 'health', 'health/conditions', c(0.9), [cls.head]);
    case 'event':
      return past
        ? { ...draft(content, 'episodic', 'history', c(0.7), properNames(item), true) }
        : draft(content, 'temporal', cls.category, c(0.85), properNames(item), true);
    case 'kin':
    case 'pet':
      return draft(content, 'relational', cls.category, c(0.9), entities.length ? entities : [cls.head]);
    case 'vehicle':
      return draft(content, 'personal', 'possessions/vehicles', c(0.85), entities);
    case 'home':
      return draft(content, 'personal', 'location/home', c(0.7), entities);
    case 'degree':
      return draft(content, 'personal', 'education/degree', c(0.85), entities);
    case 'job': {
      const category = /\bas\b/i.test(item) ? 'work/role' : /\b(?:at|for|with)\b/i.test(item) ? 'work/employer' : 'work/status';
      return draft(content, 'professional', category, c(0.8), properNames(item), past);
    }
    case 'business':
      return draft(content, 'professional', 'work/business', c(0.8), entities);
    default: {
      // "a passion for karate", "a soft spot for cats": a liking said with "have".
      const liking = /^(?:a|an)\s+(?:(?:real|big|huge|deep|great|strong|special)\s+)?(?:passion|love|soft spot|weakness|thing|fondness|appreciation|talent|knack|gift)\s+for\s+(.+)$/i.exec(item);
      if (liking) {
        const skill = /talent|knack|gift/i.test(item);
        return draft(content, skill ? 'skill' : 'preference', skill ? 'skills' : likeCategory(liking[1] ?? '', 'likes'), c(0.8), entitiesOf(liking[1] ?? ''));
      }
      const bare = bareNoun(item).toLowerCase();
      if (/^(?:a lot|lots|plenty|no idea|no clue|nothing|fun|time|no time|work|class|school|homework|plans)\b/i.test(bare)) return null;
      if (/^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|many|several|some|a few|few|plenty|more|less)$/i.test(bare)) return null;
      if (past) return { ...draft(content, 'episodic', 'history', c(0.6), properNames(item), true), requiresTime: true };
      return draft(content, 'personal', 'possessions', c(0.6), entities);
    }
  }
}

/** The facts of "I have <rest>" (or "I had <rest>" when `past`). */
export function readHave(rest: string, s: Subject, past = false): Draft[] | null {
  const c = (n: number) => scaled(n, s);
  const has = perfect(s);
  let m: RegExpExecArray | null;

  m = /^(?:got\s+)?to\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[1] ?? '');
    if (!obj || s.neg) return null;
    return [{ ...draft(`User ${past ? 'had' : 'has'} to ${third(obj)}`, 'temporal', 'events', c(0.7), properNames(obj), true), requiresTime: true }];
  }
  if (!past) {
    m = /^(?:(?:always|also|already|never|once|just|only|actually|even)\s+)*been\s+(to|all over|around|all around)\s+(.+)/i.exec(rest);
    if (m) {
      const obj = takeObject(m[2] ?? '', { commas: 'list' });
      if (obj) return [draft(`User ${has} been ${m[1]} ${third(obj)}`, 'episodic', 'history/travel', c(0.8), entitiesOf(obj))];
      return null;
    }
    m = /^(?:(?:always|also|already|just|only|happily|now|finally)\s+)*been\s+(married|together|dating|engaged|divorced|single|with\s+(?:my|our)\s+\w+)\b\s*(.*)/i.exec(rest);
    if (m) {
      const tail = takeObject(m[2] ?? '', { maxWords: 8 });
      return [draft(`User ${has} been ${third(m[1] ?? '')}${tail ? ` ${third(tail)}` : ''}`, 'relational', 'family/status', c(0.85), [])];
    }
    m = /^(?:(?:always|also|already|just|recently|really|still)\s+)*been\s+([a-z]+ing)\b\s*(.*)/i.exec(rest);
    if (m) {
      const verb = (m[1] ?? '').toLowerCase();
      const obj = takeObject(m[2] ?? '', { maxWords: 12 });
      if (/^(?:thinking|wondering|trying|meaning|waiting|looking|going|doing|getting|feeling|talking|hoping|asking|saying)$/.test(verb)) return null;
      const content = `User ${has} been ${m[1]}${obj ? ` ${third(obj)}` : ''}`;
      if (verb === 'working') return [draft(content, 'professional', /^as\b/i.test(obj ?? '') ? 'work/role' : 'work/employer', c(0.85), obj ? entitiesOf(obj.replace(/^\w+\s+/, '')) : [])];
      if (verb === 'living') return [draft(content, 'personal', 'location/home', c(0.85), obj ? entitiesOf(obj.replace(/^\w+\s+/, '')) : [])];
      if (verb === 'studying' || verb === 'learning') return [draft(content, 'skill', 'skills/learning', c(0.75), obj ? entitiesOf(obj) : [])];
      return [draft(content, 'preference', 'activities/hobbies', c(obj ? 0.6 : 0.55), obj ? entitiesOf(obj) : [], true)];
    }
    m = /^(?:(?:always|also|already|just|recently|really|still|completely|totally)\s+)*been\s+(.+)/i.exec(rest);
    if (m) {
      const drafts = readBe(m[1] ?? '', s);
      if (!drafts) return null;
      return drafts.map((d) => ({
        ...d,
        content: d.content.replace(/^User is( not| never| no longer)?\b/, (_all, neg: string | undefined) => `User has${neg ?? ''} been`),
      }));
    }
    m = /^(?:(?:always|also|long|really)\s+)*(wanted|dreamed|dreamt|hoped)\s+(?:to|of|about)\s+(.+)/i.exec(rest);
    if (m) {
      const obj = takeObject(m[2] ?? '');
      if (!obj) return null;
      const prep = /^to\b/i.test((rest.split(/wanted|dreamed|dreamt|hoped/i)[1] ?? '').trim()) ? 'to' : /\bof\b/i.test(rest) ? 'of' : 'about';
      return [draft(`User ${has} always ${m[1]} ${prep} ${third(obj)}`.replace('always always', 'always'), 'goal', 'goals', c(0.75), entitiesOf(obj))];
    }
    m = PAST_PARTICIPLE.exec(rest);
    if (m) {
      const adverbs = (m[1] ?? '').trim();
      const verb = (m[2] ?? '').toLowerCase();
      const obj = takeObject(m[3] ?? '', { maxWords: 12 });
      const head = `User ${has}${adverbs && !/^(?:since|long)$/.test(adverbs) ? ` ${adverbs}` : ''} ${m[2]}`;
      const content = `${head}${obj ? ` ${third(obj)}` : ''}`;
      if (!obj && !/^(?:retired|graduated|married|divorced|moved|quit)$/.test(verb)) return null;
      const entities = obj ? entitiesOf(obj.replace(/^(?:in|at|for|as|on|with)\s+/i, '')) : [];
      switch (verb) {
        case 'lived':
          return [draft(content, 'personal', 'location/home', c(0.75), entities)];
        case 'worked':
          return [draft(content, 'professional', 'work/history', c(0.8), entities)];
        case 'studied':
          return [draft(content, 'personal', 'education/field', c(0.75), entities)];
        case 'loved':
        case 'liked':
        case 'enjoyed':
          return [draft(content, 'preference', likeCategory(obj ?? '', s.neg ? 'dislikes' : 'likes'), c(0.8), entities)];
        case 'hated':
          return [draft(content, 'preference', likeCategory(obj ?? '', 'dislikes'), c(0.8), entities)];
        case 'known':
          return /^how to\b/i.test(obj ?? '') ? [draft(content, 'skill', 'skills', c(0.8), entities)] : null;
        case 'had':
        case 'owned': {
          const cls = classifyNoun(obj ?? '');
          if (cls.kind === 'kin' || cls.kind === 'pet') return [draft(content, 'relational', cls.category, c(0.7), entities)];
          return [draft(content, cls.kind === 'condition' ? 'health' : 'episodic', cls.kind === 'condition' ? 'health/conditions' : 'history', c(0.6), entities, true)];
        }
        case 'retired':
        case 'quit':
          return [draft(content, 'professional', 'work/status', c(0.8), entities, true)];
        case 'married':
        case 'divorced':
          return [draft(content, 'relational', 'family/status', c(0.8), entities, true)];
        case 'moved':
          return [draft(content, 'personal', 'location/home', c(0.8), entities, true)];
        case 'graduated':
          return [draft(content, 'personal', 'education/degree', c(0.85), entities, true)];
        case 'played':
        case 'practiced':
        case 'practised':
        case 'trained':
        case 'collected':
        case 'coached':
        case 'volunteered':
          return [draft(content, 'preference', 'activities/hobbies', c(0.65), entities, true)];
        default:
          return [draft(content, 'episodic', 'history', c(0.6), entities, true)];
      }
    }
  }

  const raw = rest.replace(/^got\s+/i, '');
  const obj = takeObject(raw, { commas: 'list', maxWords: 12 });
  if (!obj) return null;
  const named = namedThing(obj);
  if (named) {
    const cls = classifyNoun(named.thing);
    const names = named.names;
    const content = `User ${possessionVerb(s, past)} ${third(named.thing)} ${named.connector === 'called' ? 'called' : 'named'} ${names}`;
    const entities = names.split(/\s*(?:,|\band\b|&)\s*/).filter(Boolean);
    if (cls.kind === 'kin' || cls.kind === 'pet') return [draft(content, 'relational', cls.category, c(0.95), entities)];
    if (cls.kind === 'vehicle') return [draft(content, 'personal', 'possessions/vehicles', c(0.85), entities)];
    return [draft(content, 'relational', 'pets/other', c(0.7), entities)];
  }
  const whole = classifyNoun(obj);
  const items = splitList(obj);
  const classes = items.map((item) => classifyNoun(item));
  const drafts: Draft[] = [];
  if (items.length > 1 && classes.every((cls) => cls.kind !== 'none' && cls.kind === classes[0]?.kind)) {
    items.forEach((item, i) => {
      const d = possession(item, classes[i] ?? whole, s, past);
      if (d) drafts.push(d);
    });
  } else {
    const d = possession(obj, whole, s, past);
    if (d) drafts.push(d);
  }
  return drafts.length ? drafts : null;
}
