/**
 * "I am ..." and "I was ...": age, health, diet, feelings, marital status, origin, studies, jobs, traits.
 * `rest` is what follows "am" / "was"; the rules are tried in order and the first that fits speaks.
 */
import { type Draft, type Subject, draft, entitiesOf, goalCategory, likeCategory, scaled, third } from './draft.js';
import { beFor, capitalise, properNames, splitList, takeObject, withArticle, wordsOf } from './grammar.js';
import {
  DIETS, EMOTIONS, GENDER_NOUNS, GIVEN_NAMES, HEALTH_STATES, HOBBYIST_NOUNS, KIN, NOT_A_GOAL, SMALL_TALK_STATES,
  SPOKEN_LANGUAGES, STOPWORDS, isProfession,
} from './lexicon.js';

const INTENSIFIERS =
  String.raw`(?:(?:so|really|very|pretty|quite|super|extremely|a bit|a little|a little bit|kind of|kinda|sort of|totally|incredibly|absolutely|increasingly|rather|too|always|still|more|getting|getting really|getting so|fairly|somewhat|seriously|truly|honestly|just|also|now|currently|completely|severely|deathly|highly|mildly|slightly|partially|legally|naturally|constantly|often|sometimes|usually|literally|mostly|actually|definitely|especially|generally)\s+)*`;

const EVALUATIVE =
  /^(?:good|great|excellent|amazing|terrible|bad|decent|awesome|fantastic|wonderful|talented|skilled|horrible|okay|ok|average|mediocre|passable|competent|gifted|natural|pro|professional-level|accomplished|brilliant|lousy|pretty good|pretty bad)$/;
const HOBBY_ADJECTIVE = /^(?:big|huge|avid|amateur|hobby|keen|casual|weekend|enthusiastic|passionate|serious|hobbyist|voracious|obsessive)$/;
const ASPIRING = /^(?:aspiring|wannabe|future|budding|would-be|soon-to-be|soon to be)$/;
const BIRTH_DATE =
  /\b(?:\d{4}|\d{1,2}(?:st|nd|rd|th)?|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|the (?:\d+0s|eighties|nineties|seventies|sixties|fifties))\b/i;
const SCHOOLS =
  String.raw`(?:school|college|university|uni|grad school|graduate school|high school|highschool|middle school|junior high|elementary school|elementary|primary school|law school|med school|medical school|nursing school|nursing program|kindergarten|preschool|grade|class|year|community college|a phd program|phd program|the program|my (?:first|second|third|fourth|final|last|senior|junior) year|homeschool|boarding school|trade school|vocational school|the academy)`;
const MILITARY =
  /^(?:in|with)\s+(?:the\s+)?(?:[a-z]+\s+)?(army|navy|air force|military|marines|marine corps|national guard|coast guard|police force|police|reserves|peace corps|fire department|secret service)\b/i;
const GROUPS =
  /^(?:in|on|part of|a member of|a part of)\s+(?:a|an|the|my)\s+([\w\s'-]{0,30}?\b(?:band|choir|club|team|league|orchestra|group|crew|squad|committee|union|church|congregation|fraternity|sorority|gang|cult|troupe|society|association|guild|council|board|chorus|ensemble|program))\b/i;
const NOT_NAMES = new Set([
  'Here', 'There', 'Sorry', 'Sure', 'Fine', 'Good', 'Great', 'Okay', 'Ok', 'Back', 'Home', 'Done', 'Ready',
  'Not', 'So', 'Very', 'Really', 'Just', 'Also', 'Still', 'Always', 'Never', 'Now', 'In', 'On', 'At', 'From',
  'With', 'The', 'A', 'An', 'Happy', 'Glad', 'Tired', 'Busy', 'Free', 'Excited', 'American', 'English',
  'British', 'Canadian', 'Vegan', 'Vegetarian', 'Single', 'Married', 'Retired', 'Christian', 'Catholic',
  'Jewish', 'Muslim', 'Hindu', 'Buddhist', 'Atheist', 'Gay', 'Straight', 'Bi', 'Alive', 'Well', 'Thankful',
]);
/** "I am ..." words that are no trait: places, pronouns, auxiliaries, chat filler. */
const NOT_TRAITS = new Set([
  ...STOPWORDS, 'here', 'there', 'home', 'back', 'out', 'up', 'down', 'off', 'over', 'still', 'now', 'always',
  'never', 'going', 'trying', 'sure', 'one', 'all', 'both', 'like', 'about', 'gonna', 'able', 'unable', 'glad',
  'sorry', 'afraid', 'supposed', 'allowed', 'used', 'told', 'asked', 'sure', 'certain', 'aware', 'unsure',
  'thinking', 'wondering', 'kidding', 'joking', 'talking', 'new', 'currently', 'also', 'actually', 'pretty',
  'honestly', 'basically', 'literally', 'definitely', 'probably', 'maybe', 'almost', 'nearly', 'about', 'kind',
  'sort', 'lot', 'bit', 'little', 'such', 'more', 'less', 'done', 'finished', 'ok', 'okay', 'fine', 'good',
  'well', 'great', 'alright', 'right', 'wrong', 'correct', 'interested', 'curious', 'confused', 'lost',
  'stuck', 'ready', 'available', 'busy', 'free', 'open', 'welcome', 'responsible', 'guilty', 'jealous',
  'impressed', 'surprised', 'amazed', 'shocked', 'convinced', 'positive', 'serious', 'honest', 'late', 'early',
  'online', 'awake', 'alive', 'fortunate', 'blessed', 'lucky', 'happy', 'sad', 'fun', 'funny', 'same', 'too',
  'really', 'very', 'so', 'quite', 'totally', 'completely', 'absolutely', 'just', 'even', 'only', 'better',
  'worse', 'best', 'worst', 'okay', 'kidding', 'listening', 'there', 'retiring', 'coming', 'leaving', 'under',
  'above', 'below', 'around', 'without', 'within', 'into', 'onto', 'across', 'behind', 'beside', 'near', 'off',
  'against', 'toward', 'towards', 'upon', 'through', 'during', 'except', 'per', 'via', 'versus', 'vs',
]);
/** What follows "I am in" that is no place ("in trouble", "in pain", "in charge"). */
const NOT_PLACES = new Set([
  ...STOPWORDS, 'trouble', 'pain', 'debt', 'shock', 'charge', 'luck', 'tears', 'bed', 'class', 'school', 'college',
  'line', 'time', 'touch', 'need', 'favor', 'favour', 'danger', 'agreement', 'doubt', 'awe', 'control', 'business',
  'heaven', 'hell', 'shape', 'love', 'denial', 'trouble', 'therapy', 'recovery', 'remission', 'labor', 'mourning',
  'training', 'treatment', 'jail', 'prison', 'court', 'hospital', 'rehab', 'bed', 'front', 'back', 'between',
  'progress', 'order', 'place', 'town', 'here', 'there', 'public', 'private', 'general', 'particular', 'fact',
  'person', 'front', 'middle', 'process', 'search', 'need', 'demand', 'shock', 'fashion', 'style', 'stock',
  'office', 'work', 'church', 'bed', 'tune', 'sync', 'good', 'great', 'much', 'no', 'some', 'any', 'all', 'both',
  'it', 'on', 'with', 'for', 'too', 'deep', 'over', 'full', 'half', 'grade', 'year',
]);
const CONVERSATIONAL_ING = new Set([
  'doing', 'going', 'trying', 'thinking', 'wondering', 'looking', 'getting', 'saying', 'asking', 'telling',
  'talking', 'chatting', 'kidding', 'joking', 'waiting', 'hoping', 'guessing', 'being', 'sitting', 'lying',
  'laying', 'chilling', 'hanging', 'assuming', 'meaning', 'feeling', 'planning', 'loving', 'enjoying',
  'liking', 'hating', 'coming', 'writing to', 'messaging', 'texting', 'typing', 'reading this', 'responding',
  'replying', 'curious', 'happy', 'considering', 'starting', 'using', 'having', 'seeing', 'hearing',
  'glad', 'missing', 'learning', 'studying', 'working', 'living', 'staying', 'moving', 'dating', 'expecting',
  'recovering', 'retiring', 'majoring', 'training', 'saving', 'aiming', 'preparing', 'dying', 'making sure',
  'wanting', 'needing', 'worrying', 'running late', 'killing', 'bringing', 'giving', 'taking', 'putting',
  'keeping', 'letting', 'helping you', 'begging', 'struggling', 'managing',
]);

const ALLERGIC = new RegExp(String.raw`^${INTENSIFIERS}allergic\s+to\s+(.+)`, 'i');
const LEADING_INTENSIFIERS = new RegExp(`^${INTENSIFIERS}`, 'i');
const AFRAID = new RegExp(String.raw`^${INTENSIFIERS}(afraid|scared|terrified|frightened|fearful|petrified)\s+of\s+(.+)`, 'i');
const IN_SCHOOL = new RegExp(String.raw`^(?:currently\s+|still\s+|now\s+|also\s+)?in\s+((?:the\s+|my\s+|a\s+)?(?:[\w-]+\s+){0,2}${SCHOOLS}\b.*)`, 'i');
const FLUENT = new RegExp(String.raw`^${INTENSIFIERS}(fluent|proficient|conversational|native|bilingual)\s+in\s+(.+)`, 'i');
const GOOD_AT = new RegExp(String.raw`^(${INTENSIFIERS})(good|great|excellent|amazing|skilled|talented|decent|bad|terrible|awful|horrible|experienced|an expert|expert|gifted|competent|handy|the best|better|pretty good|really good|okay|ok|trained|certified|qualified)\s+(at|in|with)\s+(.+)`, 'i');
const FEELING = new RegExp(String.raw`^((?:feeling|getting|becoming|growing)\s+)?(${INTENSIFIERS})(.*)$`, 'i');
const TRAIT = new RegExp(String.raw`^(${INTENSIFIERS})([a-z][a-z-]{2,})\b(.*)`, 'i');
function emotionAt(words: string[]): { word: string; length: number } | null {
  for (let n = 3; n >= 1; n--) {
    const word = words.slice(0, n).join(' ');
    if (EMOTIONS.has(word)) return { word, length: n };
  }
  return null;
}

function nameAfter(rest: string): string | null {
  const m = /^([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){0,2})(?=\s*(?:$|[,.!;]|\band\b|\bbut\b|\bfrom\b|\bby\b))/.exec(rest);
  if (!m) {
    // "i'm jason": a known given name typed in lower case, alone before the end of the clause.
    const lower = /^([a-z]+)(?=\s*(?:$|[,.!;]|\band\b|\bbut\b|\bfrom\b|\bby\b))/.exec(rest)?.[1];
    return lower && GIVEN_NAMES.has(lower) ? capitalise(lower) : null;
  }
  const name = m[1] ?? '';
  const first = name.split(' ')[0] ?? '';
  if (NOT_NAMES.has(first) || STOPWORDS.has(first.toLowerCase()) || EMOTIONS.has(first.toLowerCase())) return null;
  return name;
}

/** The user's side of a tie said from the other person's: the user is Maria's mom, so Maria is the user's child. */
const INVERSE_TIES: Record<string, string> = {
  'family/parents': 'family/children',
  'family/children': 'family/parents',
  'family/grandparents': 'family/grandchildren',
  'family/grandchildren': 'family/grandparents',
};

/** The facts of "I am <rest>" (or "I was <rest>" when `past`). */
export function readBe(said: string, s: Subject, past = false): Draft[] | null {
  const be = beFor(s.neg, past);
  const c = (n: number) => scaled(n, s);
  let m: RegExpExecArray | null;
  // "I am also vegan", "I'm just a stocker at Walmart", "I'm a bit of a carpenter", "I'm home recovering from ...".
  const rest = said
    .replace(/^(?:(?:also|just|actually|now|still|currently|definitely|honestly|literally|basically|obviously|certainly|personally|finally|officially|technically|mostly|mainly|merely|simply|only)\s+)+/i, '')
    .replace(/^(?:a\s+)?(?:bit|little|kind|sort|more|much more|something)\s+of\s+(a|an)\s+/i, '$1 ')
    .replace(/^(?:home|at home|back home|in bed|here|out)\s+(?=[a-z]+ing\b)/i, '');

  // Small talk first, then what follows it: "I'm doing good, getting ready to go fishing this weekend".
  m = /^(?:doing\s+)?(?:(?:very|pretty|really|so|quite|super)\s+)?(?:good|well|great|fine|ok|okay|alright|better|awesome)\s*,?\s+(?:just\s+|and\s+)?([a-z]+ing\b.*)$/i.exec(rest);
  if (m && !past) return readBe(m[1] ?? '', s);
  m = /^doing\s+((?:some|a lot of|lots of|a little|a bit of|my|the|more)\s+.+)$/i.exec(rest);
  if (m && !/^(?:my|our|the)\s+(?:best|part|thing|job|homework|work)\b/i.test(m[1] ?? '')) {
    const obj = takeObject(m[1] ?? '', { maxWords: 8 });
    if (obj) return [{ ...draft(`User ${be} doing ${third(obj)}`, 'episodic', 'activities/current', c(0.5), [], true), whenTimed: { type: 'temporal', category: 'events' } }];
  }
  m = /^(enjoying|loving)\s+(.+)/i.exec(rest);
  if (m && !s.neg) {
    const obj = takeObject(m[2] ?? '', { maxWords: 10 });
    if (obj) return [draft(`User ${be} ${m[1]} ${third(obj)}`, 'preference', likeCategory(obj.replace(/^(?:a|an|the|my)\s+(?:glass|cup|bowl|plate|slice|piece|bottle|can|pint)\s+of\s+/i, ''), 'likes'), c(0.6), entitiesOf(obj, false), true)];
  }

  // "I'm Jason's brother", "i'm anna's best friend": the user's tie to a named person.
  m = /^([A-Za-z][a-z]+)'s\s+([a-z]+(?:\s+[a-z]+){0,2})(?=$|[\s,.!;])/.exec(rest);
  if (m) {
    const who = m[1] ?? '';
    const name = /^[A-Z]/.test(who) && !STOPWORDS.has(who.toLowerCase()) ? who : GIVEN_NAMES.has(who) ? capitalise(who) : null;
    const words = (m[2] ?? '').split(/\s+/);
    // The longest run of its first words that names a tie: "best friend", "little sister", "brother".
    for (let n = words.length; name && n > 0; n--) {
      const tie = words.slice(0, n).join(' ');
      const category = KIN.get(tie);
      // The user is Maria's mom: Maria is the user's child.
      if (category) return [draft(`User ${be} ${name}'s ${tie}`, 'relational', INVERSE_TIES[category] ?? category, c(past ? 0.7 : 0.85), [name])];
    }
    // Someone's something that is not a tie ("everyone's favourite"): no fact to read from the rest.
    return null;
  }

  // Age: "I'm 34", "I am 34 years old", "I'm almost 40".
  m = /^((?:almost|nearly|about|over|under|just|turning|only|finally)\s+)?(\d{1,3})(\s*(?:years?|yrs?)(?:\s+old)?|\s*y\/?o)?(?=$|[\s,.!;])(.*)$/i.exec(rest);
  if (m && !past) {
    const age = Number(m[2]);
    const tail = (m[4] ?? '').trim();
    const explicit = Boolean(m[3]);
    if (age > 0 && age < 120 && (explicit || tail === '' || /^(?:[,.!;]|and\b|but\b|so\b|now\b|this\b|today\b|lol\b|haha\b)/i.test(tail))) {
      const qualifier = (m[1] ?? '').trim().toLowerCase();
      const q = qualifier && qualifier !== 'just' && qualifier !== 'finally' ? `${qualifier} ` : '';
      const drafts = [draft(`User ${be} ${q}${age} years old`, 'personal', 'identity/age', c(explicit ? 0.95 : q ? 0.8 : 0.85), [])];
      // "I'm 35 and still single".
      const more = /^(?:of\s+age\s+)?and\s+(?:i\s+am\s+)?(.+)/i.exec(tail);
      if (more) drafts.push(...(readBe(more[1] ?? '', s) ?? []));
      return drafts;
    }
  }
  m = /^in\s+(?:my|his|her)\s+((?:early|mid|late)\s+)?(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|teens|\d0s)\b/i.exec(rest);
  if (m) return [draft(`User ${be} in their ${m[1] ?? ''}${m[2]}`, 'personal', 'identity/age', c(0.8))];
  m = /^((?:(?:under|over|about|almost|nearly|around|just|barely|only|well over|just over|just under)\s+)?\d+(?:'\s*\d+"?)?\s*(?:feet|foot|ft|')\s*(?:\d+\s*(?:inches|inch|in|")?\s*)?(?:tall)?)/i.exec(rest);
  if (m) return [draft(`User ${be} ${(m[1] ?? '').trim()}`, 'personal', 'identity/appearance', c(0.85))];

  // Health: allergies, conditions, diet.
  m = ALLERGIC.exec(rest);
  if (m) {
    const obj = takeObject(m[1] ?? '', { commas: 'list' });
    if (!obj) return null;
    return splitList(obj).map((item) =>
      draft(`User ${be} allergic to ${third(item)}`, 'health', 'health/allergies', c(0.95), entitiesOf(item)),
    );
  }
  m = /^(?:a\s+)?((?:strict|mostly|now|full|full-time|lifelong|recently|newly|currently|trying to be|part-time)\s+)?(vegetarian|vegan|pescatarian|pescetarian|keto|paleo|gluten[- ]free|dairy[- ]free|kosher|halal|raw vegan|plant[- ]based|teetotal|on\s+(?:a|the)\s+(?:[\w-]+\s+){0,3}diet|dieting|fasting|counting calories)\b/i.exec(rest);
  if (m && (DIETS.has((m[2] ?? '').toLowerCase()) || /diet|dieting|fasting|calories/.test(m[2] ?? ''))) {
    const phrase = `${m[1] ?? ''}${m[2] ?? ''}`.trim();
    return [draft(`User ${be} ${phrase}`, 'health', 'health/diet', c(0.9), [m[2] ?? ''])];
  }
  {
    const obj = takeObject(rest, { maxWords: 8 });
    if (obj) {
      const bare = obj.replace(LEADING_INTENSIFIERS, '').toLowerCase();
      const state = [...HEALTH_STATES].find((h) => bare === h || bare.startsWith(`${h} `));
      if (state) return [draft(`User ${be} ${third(obj)}`, 'health', 'health/conditions', c(0.9), [state])];
    }
  }
  m = /^(?:still\s+|slowly\s+)?(recovering from|battling|fighting|living with|suffering from|being treated for|in treatment for|undergoing|on medication for|in remission from)\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '');
    if (obj) return [draft(`User ${be} ${m[1]} ${third(obj)}`, 'health', 'health/conditions', c(0.85), entitiesOf(obj), true)];
  }
  m = /^(?:an?\s+)?(diabetic|asthmatic|epileptic|celiac|coeliac|insomniac|recovering alcoholic|recovering addict|cancer survivor|amputee|wheelchair user)\b/i.exec(rest);
  if (m) {
    const word = m[1] ?? '';
    const adjective = /^(?:diabetic|asthmatic|epileptic|celiac|coeliac)$/i.test(word);
    return [draft(`User ${be} ${adjective ? word : withArticle(word, false)}`, 'health', 'health/conditions', c(0.85), [word])];
  }
  m = /^(pregnant|expecting(?:\s+(?:a baby|twins|a boy|a girl|our first|my first|our second|my second|another)(?:\s+\w+)?)?)\b(.*)/i.exec(rest);
  if (m) {
    const obj = takeObject(`${m[1]}${m[2] ?? ''}`);
    const expecting = /^expecting/i.test(m[1] ?? '');
    return [draft(`User ${be} ${third(obj ?? m[1] ?? '')}`, expecting ? 'relational' : 'health', expecting ? 'family/children' : 'health/conditions', c(0.85), [], true)];
  }

  // Fears and feelings.
  m = AFRAID.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { commas: 'list' });
    if (obj) return [draft(`User ${be} ${m[1]} of ${third(obj)}`, 'emotional', 'feelings/fears', c(0.85), entitiesOf(obj))];
  }

  // Relationships.
  m = /^((?:happily|newly|recently|just|still|now|also|very|finally|legally)\s+)?(married|single|divorced|engaged|widowed|separated|a widow|a widower|in a relationship|in a long[- ]distance relationship|in an open relationship|dating|seeing someone|taken|getting married|getting divorced|remarried)\b\s*(.*)/i.exec(rest);
  if (m) {
    const status = `${m[1] ?? ''}${m[2] ?? ''}`.trim();
    const tail = takeObject(m[3] ?? '', { maxWords: 8 });
    const keepTail = tail && /^(?:to|with|for|since|now)\b/i.test(tail);
    const partner = keepTail ? tail : null;
    if (/^dating$/i.test(m[2] ?? '') && !tail) return null;
    const content = `User ${be} ${status}${partner ? ` ${third(partner)}` : /^dating$/i.test(m[2] ?? '') && tail ? ` ${third(tail)}` : ''}`;
    return [draft(content, 'relational', 'family/status', c(0.9), partner ? properNames(partner) : [], /getting/i.test(status))];
  }
  m = /^(?:a\s+)?((?:proud|single|new|first[- ]time|stay[- ]at[- ]home|working|busy|full[- ]time|young|foster|adoptive|step|grand|great[- ]grand)\s*)?(mom|mother|dad|father|parent|mum|mama|momma|grandma|grandmother|grandpa|grandfather|grandparent|stepmom|stepdad|stepmother|stepfather|godmother|godfather|foster parent|aunt|uncle)\b((?:\s+(?:of|to)\s+[^,.;!?]+)?)/i.exec(rest);
  if (m && !/stay[- ]at[- ]home/i.test(m[1] ?? '')) {
    const phrase = `${m[1] ?? ''}${m[2] ?? ''}${takeObject(m[3] ?? '', { maxWords: 6 }) ? ` ${takeObject((m[3] ?? '').trim(), { maxWords: 6 })}` : ''}`.trim();
    const category = /aunt|uncle/i.test(m[2] ?? '') ? 'family/relatives' : /grand/i.test(phrase) ? 'family/grandchildren' : 'family/children';
    return [draft(`User ${be} ${withArticle(third(phrase), false)}`, 'relational', category, c(0.85), properNames(m[3] ?? ''))];
  }
  m = /^(?:an\s+)?only\s+child\b/i.exec(rest);
  if (m) return [draft(`User ${be} an only child`, 'relational', 'family/siblings', c(0.9))];
  m = /^the\s+(oldest|youngest|middle|eldest|baby|only girl|only boy|first born|firstborn)\b(\s+(?:child|kid|one|sibling|daughter|son|girl|boy|of\s+(?:the\s+)?[\w\s]+|in\s+(?:my|the)\s+family))?/i.exec(rest);
  if (m) {
    const tail = takeObject((m[2] ?? '').trim(), { maxWords: 5 });
    return [draft(`User ${be} the ${m[1]}${tail ? ` ${third(tail)}` : ''}`, 'relational', 'family/siblings', c(0.8))];
  }

  // Where the user is from or lives.
  m = /^(?:originally\s+|born and raised\s+|also\s+|actually\s+|really\s+)?from\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[1] ?? '', { commas: 'place', maxWords: 8 });
    if (obj && !/^(?:work|school|home|the (?:future|past)|a (?:long|good)\b)/i.test(obj)) {
      const originally = /^originally/i.test(rest) ? 'originally ' : '';
      return [draft(`User ${be} ${originally}from ${third(obj)}`, 'personal', 'location/origin', c(0.9), entitiesOf(obj))];
    }
  }
  m = /^(?:currently\s+|now\s+|still\s+)?(living|based|located|residing|staying|settled|stationed)\s+((?:in|at|near|on|by|outside(?: of)?|close to|right near|next to|out in|up in|down in|over in|with|abroad|overseas|alone|together)\b.*)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { commas: 'place', maxWords: 10 });
    if (obj) {
      const verb = /^(?:living|residing|staying)$/i.test(m[1] ?? '') ? 'lives' : `${be} ${m[1]}`;
      return [draft(`User ${s.neg ? `${be} ${m[1]}` : verb} ${third(obj)}`, 'personal', 'location/home', c(0.85), entitiesOf(obj.replace(/^\w+\s+/, '')))];
    }
  }
  m = /^(?:moving|relocating|moving back|heading back|transferring)\s+((?:to|back to|out of|in with|into|across)\b.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[1] ?? '', { commas: 'place', maxWords: 10 });
    if (obj) {
      const d = draft(`User ${be} moving ${third(obj)}`, 'personal', 'location/home', c(0.8), entitiesOf(obj.replace(/^\w+\s+/, '')), true);
      return [d];
    }
  }

  // Studies, service, memberships.
  m = IN_SCHOOL.exec(rest);
  if (m) {
    const obj = takeObject(m[1] ?? '', { maxWords: 10 });
    if (obj) return [draft(`User ${be} in ${third(obj)}`, 'personal', 'education/school', c(0.85), entitiesOf(obj))];
  }
  m = MILITARY.exec(rest);
  if (m) {
    const obj = takeObject(rest.replace(/^(?:in|with)\s+/i, ''), { maxWords: 8 });
    if (obj) return [draft(`User ${be} in ${third(obj)}`, 'professional', 'work/employer', c(past ? 0.75 : 0.85), [m[1] ?? ''])];
  }
  m = GROUPS.exec(rest);
  if (m) {
    const obj = takeObject(rest, { maxWords: 10 });
    if (obj) return [draft(`User ${be} ${third(obj)}`, 'personal', 'memberships', c(0.75), properNames(obj))];
  }
  m = /^in\s+love(?:\s+with\s+(.+))?/i.exec(rest);
  if (m) {
    const obj = m[1] ? takeObject(m[1]) : null;
    return [draft(`User ${be} in love${obj ? ` with ${third(obj)}` : ''}`, 'emotional', 'feelings', c(0.8), obj ? entitiesOf(obj) : [])];
  }

  // "I'm in California", "I am in a small town in Kansas": where the user is.
  m = /^(?:currently\s+|now\s+|still\s+|here\s+|out\s+|over\s+|down\s+|up\s+)?in\s+(.+)/i.exec(rest);
  if (m && !past) {
    const obj = takeObject(m[1] ?? '', { commas: 'place', maxWords: 8 });
    const words = obj ? wordsOf(obj) : [];
    const placeNoun = /\b(?:town|city|village|state|country|suburbs?|neighbou?rhood|area|region|countryside|county|province|island|coast|capital|outskirts|mountains|desert|valley)\b/i;
    const article = /^(?:the|a|an|my|our|this)\b/i.test(obj ?? '');
    if (obj && words.length <= 6 && (article ? placeNoun.test(obj) : !NOT_PLACES.has(words[0] ?? '') && words.length <= 3)) {
      return [draft(`User ${be} in ${third(obj)}`, 'personal', 'location/current', c(0.6), entitiesOf(obj))];
    }
  }

  // Likes said with "am": fans, lovers, "into".
  m = /^(?:a\s+)?((?:(?:big|huge|great|massive|die-?hard|true|avid|loyal|long ?time|lifelong|major|total|real|crazy|devoted|secret)\s+)*)(fan|lover|enthusiast|buff|junkie|addict|nut|fanatic|connoisseur|aficionado|admirer|devotee)\s+of\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[3] ?? '', { commas: 'list' });
    if (!obj) return null;
    const leaf = s.neg ? 'dislikes' : 'likes';
    return [draft(`User ${be} ${withArticle(`${m[1] ?? ''}${m[2]}`, false)} of ${third(obj)}`, 'preference', likeCategory(obj, leaf), c(0.85), entitiesOf(obj))];
  }
  m = /^(?:a|an)\s+((?:(?:big|huge|great|massive|die-?hard|true|avid|total|real|crazy|major|serious)\s+)*)((?:[\w-]+\s+){0,2}?[\w-]+)\s+(lover|fan|enthusiast|buff|junkie|addict|nut|fanatic|person|snob|geek|nerd|freak|head|aficionado)\b/i.exec(rest);
  if (m && !STOPWORDS.has((m[2] ?? '').toLowerCase())) {
    const thing = m[2] ?? '';
    const leaf = s.neg ? 'dislikes' : 'likes';
    const phrase = `${m[1] ?? ''}${thing} ${m[3]}`;
    return [draft(`User ${be} ${withArticle(phrase, false)}`, 'preference', likeCategory(thing, leaf), c(0.8), [thing])];
  }
  m = /^(into|obsessed with|addicted to|passionate about|interested in|crazy about|keen on|fond of|big on|hooked on|a sucker for|nuts about|mad about|wild about|partial to|a big fan of|fascinated by|in love with)\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { commas: 'list' });
    if (!obj) return null;
    const leaf = s.neg ? 'dislikes' : 'likes';
    const weak = /interested|fascinated/i.test(m[1] ?? '');
    return splitList(obj).map((item) =>
      draft(`User ${be} ${m?.[1]} ${third(item)}`, 'preference', likeCategory(item, leaf), c(weak ? 0.75 : 0.85), entitiesOf(item)),
    );
  }

  // Skills and languages.
  m = FLUENT.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { commas: 'list' });
    if (!obj) return null;
    return splitList(obj).map((item) =>
      draft(`User ${be} ${m?.[1]} in ${third(item)}`, 'skill', 'languages', c(0.9), entitiesOf(item)),
    );
  }
  m = /^(?:a\s+)?native\s+([A-Za-z]+)\s+speaker\b/i.exec(rest);
  if (m) return [draft(`User ${be} a native ${m[1]} speaker`, 'skill', 'languages', c(0.9), [m[1] ?? ''])];
  m = /^(bilingual|trilingual|multilingual|polyglot|a polyglot)\b/i.exec(rest);
  if (m) return [draft(`User ${be} ${m[1]}`, 'skill', 'languages', c(0.8))];
  m = GOOD_AT.exec(rest);
  if (m) {
    const obj = takeObject(m[4] ?? '', { commas: 'list' });
    if (!obj) return null;
    const adverb = (m[1] ?? '').trim();
    return [draft(`User ${be} ${adverb ? `${adverb} ` : ''}${m[2]} ${m[3]} ${third(obj)}`, 'skill', 'skills', c(0.8), entitiesOf(obj))];
  }
  m = /^(?:currently\s+|now\s+|also\s+|slowly\s+)?learning\s+(?:how\s+to\s+|to\s+)?(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[1] ?? '', { commas: 'list' });
    if (!obj) return null;
    const how = /^learning\s+how\s+to/i.test(rest.replace(/^(?:currently|now|also|slowly)\s+/i, '')) ? 'how to ' : /learning\s+to\s/i.test(rest) ? 'to ' : '';
    const items = how ? [obj] : splitList(obj);
    return items.map((item) => {
      const language = SPOKEN_LANGUAGES.has(item.toLowerCase());
      return draft(`User ${be} learning ${how}${third(item)}`, 'skill', language ? 'languages' : 'skills/learning', c(0.85), entitiesOf(item));
    });
  }
  m = /^(?:currently\s+|now\s+|also\s+)?(?:studying|majoring in|minoring in|doing a (?:degree|masters|master's|phd|bachelors|bachelor's) in)\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[1] ?? '', { maxWords: 10 });
    if (!obj) return null;
    if (/^for\b/i.test(obj)) return [draft(`User ${be} studying ${third(obj)}`, 'temporal', 'events/school', c(0.7), entitiesOf(obj.replace(/^for\s+/i, '')), true)];
    const verb = /^majoring/i.test(rest.trim()) ? 'majoring in' : /^minoring/i.test(rest.trim()) ? 'minoring in' : 'studying';
    return [draft(`User ${be} ${verb} ${third(obj)}`, 'personal', 'education/field', c(0.85), entitiesOf(obj))];
  }

  // Work status and work.
  m = /^((?:now|currently|recently|newly|happily|semi|early|finally|officially)[\s-]+)?(retired|unemployed|self[- ]employed|jobless|out of work|between jobs|laid off|on disability|a retiree|a stay[- ]at[- ]home (?:mom|dad|mother|father|parent|wife|husband)|a homemaker|a housewife|a househusband|a full[- ]time (?:mom|dad|student|parent)|looking for (?:a\s+)?(?:new\s+)?(?:job|work)|job hunting|job searching|on maternity leave|on paternity leave|on leave|a freelancer|freelancing|a full[- ]time worker|working full[- ]time|working part[- ]time|employed)\b(.*)/i.exec(rest);
  if (m) {
    const tail = takeObject(m[3] ?? '', { maxWords: 8 });
    const keep = tail && /^(?:from|as|at|since|for|after|now)\b/i.test(tail) ? ` ${third(tail)}` : '';
    return [draft(`User ${be} ${`${m[1] ?? ''}${m[2]}`.trim()}${keep}`, 'professional', 'work/status', c(0.9), properNames(tail ?? ''), /retired|laid off/i.test(m[2] ?? ''))];
  }
  m = /^(?:currently\s+|now\s+|still\s+|also\s+)?(working|employed|hired|interning|volunteering)\s+(as|at|for|in|with|on|from)\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[3] ?? '', { maxWords: 10 });
    if (!obj) return null;
    const prep = (m[2] ?? '').toLowerCase();
    const verb = (m[1] ?? '').toLowerCase();
    if (prep === 'on') return [draft(`User ${be} working on ${third(obj)}`, 'professional', 'work/projects', c(0.65), entitiesOf(obj), true)];
    const category = prep === 'as' ? 'work/role' : prep === 'at' || prep === 'for' ? 'work/employer' : prep === 'from' ? 'work/arrangement' : 'work/field';
    const head = verb === 'working' || verb === 'employed' ? `works ${prep}` : `${be} ${verb} ${prep}`;
    const content = s.neg || past ? `User ${be} ${verb} ${prep} ${third(obj)}` : `User ${head} ${third(obj)}`;
    return [draft(content, 'professional', category, c(0.85), entitiesOf(obj))];
  }

  // Plans: "I'm going to ...", "I'm planning to ...", "I'm looking forward to ...".
  m = /^(?:also\s+|really\s+|finally\s+|definitely\s+|still\s+)?(going|planning|hoping|trying|aiming|intending|preparing|getting ready|saving up|saving money|saving|dying|eager|determined|looking forward|thinking about|thinking of|considering|about|set|scheduled|supposed|due|looking)\s+(to|on|for|about|of)?\s*(.+)/i.exec(rest);
  if (m) {
    const verb = (m[1] ?? '').toLowerCase();
    const prep = (m[2] ?? '').toLowerCase();
    const obj = takeObject(m[3] ?? '', { maxWords: 12 });
    if (!obj || NOT_A_GOAL.test(obj) || /^(?:check|be honest|have to|need to|go now|bed|get going|head out)\b/i.test(obj)) return null;
    if (verb === 'looking' && prep !== 'for') return null;
    if (verb === 'supposed') return null;
    const phrase = `${verb}${prep ? ` ${prep}` : ''} ${third(obj)}`;
    if (verb === 'looking') {
      const job = /^(?:a\s+)?(?:new\s+)?(?:job|work|career)/i.test(obj);
      return [draft(`User ${be} ${phrase}`, job ? 'professional' : 'goal', job ? 'work/status' : 'goals', c(0.65), entitiesOf(obj))];
    }
    if (verb === 'looking forward') {
      return [{ ...draft(`User ${be} ${phrase}`, 'emotional', 'feelings', c(0.7), entitiesOf(obj), true), whenTimed: { type: 'temporal', category: 'events' } }];
    }
    const category = goalCategory(obj);
    const hedge = /thinking|considering/.test(verb) ? 0.6 : verb === 'going' ? 0.75 : 0.8;
    return [{ ...draft(`User ${be} ${phrase}`, 'goal', category, c(hedge), entitiesOf(obj), true), whenTimed: { type: 'temporal', category: category === 'goals/travel' ? 'events/travel' : 'events' } }];
  }

  // Feelings: "I'm feeling really stressed about my exams", "I'm so excited".
  {
    const fm = FEELING.exec(rest);
    const after = fm?.[3] ?? '';
    const emotion = emotionAt(wordsOf(after.replace(/-/g, ' ')).slice(0, 3));
    if (fm && emotion && !SMALL_TALK_STATES.has(emotion.word)) {
      const wordsLen = emotion.word.split(' ').length;
      const emotionText = after.split(/\s+/).slice(0, wordsLen).join(' ').replace(/[,.!?;]+$/, '');
      const tail = takeObject(after.split(/\s+/).slice(wordsLen).join(' '), { maxWords: 10 });
      const keepTail = tail && /^(?:about|because|to|for|with|at|of|since|after|over|by|lately|today|tonight|this|these)\b/i.test(tail) && !/^\w+\s+(?:you|your|it)\b/i.test(tail);
      const feeling = fm[1] ? `${(fm[1] ?? '').trim()} ` : '';
      const content = `User ${be} ${feeling}${fm[2] ?? ''}${emotionText}${keepTail ? ` ${third(tail)}` : ''}`;
      return [draft(content.replace(/\s+/g, ' '), 'emotional', 'feelings', c(0.85), keepTail ? entitiesOf(tail.replace(/^\w+\s+/, ''), false) : [], true)];
    }
  }

  // "I'm a nurse", "I'm a software engineer at AWS", "I'm a great cook", "I'm a woman".
  if (/^(?:also\s+)?(?:someone|somebody|one|the one)\s+(?:who|that)\b/i.test(rest)) return null;
  m = /^(a|an|the)\s+(.+)/i.exec(rest);
  if (m) {
    const np = takeObject(m[2] ?? '', { maxWords: 10 });
    if (!np) return null;
    const split = /^(.*?)\s+(at|for|with|in|from|on|of)\s+(.+)$/i.exec(np);
    const headPhrase = split ? (split[1] ?? '') : np;
    const org = split ? `${split[2]} ${split[3]}` : '';
    const words = wordsOf(headPhrase);
    if (words.length === 0 || /^(?:bit|little|lot|few|couple|tad|kind|sort|type|part|fan|lover)$/.test(words[0] ?? '')) return null;
    const head = words[words.length - 1] ?? '';
    const head2 = words.slice(-2).join(' ');
    const article = (m[1] ?? 'a').toLowerCase() === 'the' ? 'the' : '';
    const nounPhrase = article ? `the ${headPhrase}` : withArticle(headPhrase, false);
    if (KIN.has(head) || KIN.has(head2)) {
      // The user as someone's parent has children; as a grandparent, grandchildren.
      const category = /^(?:mom|mother|dad|father|parent|parents|mum|mama|papa|mommy|daddy)$/.test(head)
        ? 'family/children'
        : /^grand(?:ma|mother|pa|father|parent)s?$/.test(head)
          ? 'family/grandchildren'
          : (KIN.get(head2) ?? KIN.get(head) ?? 'family');
      return [draft(`User ${be} ${third(nounPhrase)}${org ? ` ${third(org)}` : ''}`, 'relational', category, c(0.7))];
    }
    if (/(?:student|undergrad|undergraduate|freshman|sophomore|phd candidate|graduate|grad|alum|alumnus|alumna|dropout|major|minor)$/.test(head)) {
      return [draft(`User ${be} ${third(nounPhrase)}${org ? ` ${third(org)}` : ''}`, 'personal', 'education/school', c(0.85), entitiesOf(org ? org.replace(/^\w+\s+/, '') : headPhrase))];
    }
    if (HOBBYIST_NOUNS.has(head) || HOBBYIST_NOUNS.has(head2) || (HOBBY_ADJECTIVE.test(words[0] ?? '') && (isProfession(head) || HOBBYIST_NOUNS.has(head)))) {
      return [draft(`User ${be} ${third(nounPhrase)}${org ? ` ${third(org)}` : ''}`, 'preference', 'activities/hobbies', c(0.75), [head])];
    }
    if (PROFESSION_HEAD(words)) {
      if (EVALUATIVE.test(words[0] ?? '') || EVALUATIVE.test(words.slice(0, 2).join(' '))) {
        return [draft(`User ${be} ${third(nounPhrase)}${org ? ` ${third(org)}` : ''}`, 'skill', 'skills', c(0.75), [head])];
      }
      if (ASPIRING.test(words[0] ?? '')) {
        return [draft(`User ${be} ${third(nounPhrase)}${org ? ` ${third(org)}` : ''}`, 'goal', 'goals/career', c(0.75), [words.slice(1).join(' ')])];
      }
      const entities = org ? entitiesOf(org.replace(/^\w+\s+/, '')) : [headPhrase];
      if (s.neg || past || article) {
        return [draft(`User ${be} ${third(nounPhrase)}${org ? ` ${third(org)}` : ''}`, 'professional', past ? 'work/history' : 'work/role', c(past ? 0.8 : 0.85), entities)];
      }
      return [draft(`User works as ${third(nounPhrase)}${org ? ` ${third(org)}` : ''}`, 'professional', 'work/role', c(0.9), entities)];
    }
    if (GENDER_NOUNS.has(head) || GENDER_NOUNS.has(head2)) {
      return [draft(`User ${be} ${third(nounPhrase)}${org ? ` ${third(org)}` : ''}`, 'personal', 'identity/gender', c(0.75))];
    }
    if (past) return null;
    return [draft(`User ${be} ${third(nounPhrase)}${org ? ` ${third(org)}` : ''}`, 'personal', 'identity/traits', c(0.55), properNames(np))];
  }

  // "I'm called Jason", "I'm Jason".
  m = /^(?:called|named|known as)\s+(.+)/i.exec(rest);
  if (m) {
    const name = nameAfter(m[1] ?? '') ?? takeObject(m[1] ?? '', { maxWords: 3 });
    if (name) return [draft(`User's name is ${name}`, 'personal', 'identity/name', c(0.9), [name])];
  }
  if (!past && !s.neg) {
    const name = nameAfter(rest);
    if (name && !EMOTIONS.has(name.toLowerCase())) return [draft(`User's name is ${name}`, 'personal', 'identity/name', c(0.8), [name])];
  }

  // "I'm watching anime", "I'm flying to Paris next week".
  m = /^(?:also\s+|just\s+|currently\s+|now\s+|still\s+|busy\s+|finally\s+)?([a-z]{3,}ing)\b\s*(.*)/i.exec(rest);
  if (m) {
    const verb = (m[1] ?? '').toLowerCase();
    if (CONVERSATIONAL_ING.has(verb) || NOT_TRAITS.has(verb)) return null;
    const obj = takeObject(m[2] ?? '', { maxWords: 10 });
    const content = `User ${be} ${m[1]}${obj ? ` ${third(obj)}` : ''}`;
    if (!obj && !/^(?:cooking|baking|painting|drawing|writing|singing|dancing|swimming|running|jogging|hiking|fishing|hunting|knitting|crocheting|sewing|gardening|camping|surfing|skiing|reading|studying|working out|exercising|meditating|traveling|travelling|relaxing|shopping)$/.test(verb)) return null;
    if (past) return [{ ...draft(content, 'episodic', 'history', c(0.5), obj ? entitiesOf(obj) : [], true), requiresTime: true }];
    return [{ ...draft(content, 'episodic', 'activities/current', c(0.5), obj ? entitiesOf(obj) : [], true), whenTimed: { type: 'temporal', category: 'events' } }];
  }

  // "I'm tall", "I'm so short", "I am deaf".
  m = TRAIT.exec(rest);
  if (m) {
    const adjective = (m[2] ?? '').toLowerCase();
    if (NOT_TRAITS.has(adjective) || SMALL_TALK_STATES.has(adjective) || EMOTIONS.has(adjective) || /ing$/.test(adjective)) return null;
    if (/^(?:not|no)$/.test(adjective)) return null;
    const tail = takeObject(m[3] ?? '', { maxWords: 6 });
    const keepTail = tail && /^(?:for|since|with|and|from|in|to|of|about)\b/i.test(tail) ? ` ${third(tail)}` : '';
    if (past) return [{ ...draft(`User ${be} ${m[1] ?? ''}${m[2]}${keepTail}`, 'episodic', 'history', c(0.5), [], true), requiresTime: true }];
    return [draft(`User ${be} ${m[1] ?? ''}${m[2]}${keepTail}`.replace(/\s+/g, ' '), 'personal', 'identity/traits', c(0.5), [])];
  }
  return null;
}

function PROFESSION_HEAD(words: string[]): boolean {
  const head = words[words.length - 1] ?? '';
  return isProfession(words.slice(-2).join(' ')) || isProfession(head);
}

/** "I was born in Toronto", "I was diagnosed with ...", "I was a teacher", "I was sick last week". */
export function readWas(rest: string, s: Subject): Draft[] | null {
  const c = (n: number) => scaled(n, s);
  let m = /^(?:born|born and raised|raised|brought up)\s+(on|in|at|near|into|with|and raised in)\s+(.+)/i.exec(rest);
  if (m) {
    const prep = (m[1] ?? '').toLowerCase();
    const obj = takeObject(m[2] ?? '', { commas: 'place', maxWords: 8 });
    if (!obj) return null;
    const verb = /^(?:raised|brought up)/i.test(rest) ? rest.split(/\s+(?:on|in|at|near|into|with)\s+/i)[0] : /^born and raised/i.test(rest) ? 'born and raised' : 'born';
    if (prep === 'with') return [draft(`User was ${verb} with ${third(obj)}`, 'health', 'health/conditions', c(0.85), entitiesOf(obj))];
    if (verb === 'born' && (prep === 'on' || BIRTH_DATE.test(obj) && !/[A-Z]/.test(obj.replace(/\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b/g, '')))) {
      return [draft(`User was born ${prep} ${obj}`, 'personal', 'identity/birthday', c(0.9), [])];
    }
    return [draft(`User was ${verb} ${prep} ${third(obj)}`, 'personal', 'location/origin', c(0.9), entitiesOf(obj))];
  }
  m = /^(?:recently\s+|just\s+|finally\s+)?(diagnosed with|treated for|hospitalized for|hospitalised for|operated on for)\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { maxWords: 8 });
    if (obj) return [draft(`User was ${m[1]} ${third(obj)}`, 'health', 'health/conditions', c(0.9), entitiesOf(obj), true)];
  }
  m = /^(?:recently\s+|just\s+|finally\s+)?(promoted|hired|fired|laid off|let go|accepted|admitted|rejected|adopted|married|engaged|divorced|elected|awarded|drafted|deployed|transferred)\b\s*(.*)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { maxWords: 10 });
    const verb = (m[1] ?? '').toLowerCase();
    const type = /married|engaged|divorced/.test(verb) ? 'relational' : /promoted|hired|fired|laid off|let go|drafted|deployed|transferred/.test(verb) ? 'professional' : 'episodic';
    const category = type === 'relational' ? 'family/status' : type === 'professional' ? 'work/history' : 'history';
    return [draft(`User was ${m[1]}${obj ? ` ${third(obj)}` : ''}`, type, category, c(0.8), obj ? entitiesOf(obj) : [], true)];
  }
  return readBe(rest, s, true);
}
