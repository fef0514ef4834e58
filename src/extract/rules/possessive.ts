/**
 * "My ..." statements: name, birthday, favourites, job, home, goals, and the people and pets of the user's life
 * ("my sister Anna lives in Berlin", "my wife's name is Sarah"); plus "X is my favourite".
 * Mentions alone ("dinner with my 3 sisters") are kept apart: the extractor adds them only when nothing else
 * said the same thing.
 */
import { type Draft, draft, entitiesOf, kinCategory, likeCategory, scaled, singular, slug, third } from './draft.js';
import { capitalise, properNames, takeObject, withArticle, wordsOf } from './grammar.js';
import { COUNTABLE_KIN, HOMES, KIN, PETS, STOPWORDS, VEHICLES } from './lexicon.js';
import { classifyNoun } from './nouns.js';

const PEOPLE_AND_PETS = [...KIN.keys(), ...PETS.keys()].sort((a, b) => b.length - a.length).join('|');
const MENTIONABLE = [...COUNTABLE_KIN, ...PETS.keys(), ...VEHICLES, ...HOMES]
  .sort((a, b) => b.length - a.length)
  .join('|');
const MODIFIERS = String.raw`(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twin|little|big|older|younger|old|new|baby|oldest|youngest|eldest|middle|amazing|lovely|beautiful|wonderful|sweet|best|dear|late|ex|ex-|step|half|adopted|only|first|second|third|lazy|cute|fat|old|tiny|giant|sweet|crazy|grumpy|elderly|sick|favorite|favourite|fav|fave|red|black|white|blue|grey|gray|brown|yellow|green|silver|orange|beta|pet|german|golden|future|current|own|two\s+year\s+old|\d+\s+year\s+old|year\s+old|\w+-year-old)\s+)*`;
const KIN_OR_PET = new RegExp(String.raw`^(${MODIFIERS}(?:${PEOPLE_AND_PETS}))(?:'s)?\b(.*)$`, 'i');
const ANY_MODIFIERS = String.raw`(?:(?!(?:and|or|the|a|an|to|of|in|on|at|for|with|from|is|are|was|were|own|favorite|favourite|fav|fave|late|ex|future|my|our|your|his|her|their|its)\b)[a-z][\w-]*\s+){0,2}`;
const VEHICLE_WORDS = [...VEHICLES].sort((a, b) => b.length - a.length).join('|');
const MENTION = new RegExp(
  String.raw`\b(?:my|our)\s+((?:${MODIFIERS}|${ANY_MODIFIERS})(?:${MENTIONABLE})(?:\s+(?:${VEHICLE_WORDS}))?)\b(?!')`,
  'gi',
);
const FAVOURITE = String.raw`(?:favorite|favourite|fave|fav|favs|faves|favorites|favourites)`;
const COPULA = String.raw`(?:is|are|was|were|has to be|have to be|would be|would have to be|must be|:|-|=)`;
const VERBISH =
  /^(?:is|are|was|were|has|have|had|does|do|did|can|will|just|also|always|never|still|really|now|recently|used|loves?|likes?|hates?|lives?|works?|wants?|needs?|goes|went|got|gets|plays?|makes?|takes?|says?|thinks?|knows?|helps?|keeps?|taught|made|told|gave|bought|took|left|said|thought|found|brought|came|became|ran|won|lost|sold|met|saw|fell|began|wrote|drove|grew|knew|kept|paid|sent|spent|built|caught|fought|held|heard|led|felt|slept|stood|understood|[a-z]+(?:s|ed))\b/i;
/** A predicate that is only an auxiliary says nothing ("my cat does too"). */
const BARE_AUXILIARY = /^(?:is|are|was|were|has|have|had|does|do|did|can|will|would)(?:\s+(?:not|too|so|also))?$/i;
const MODAL_START = /^(?:would|could|might|may|should|must|probably|maybe)\b/i;
const RELATIVE_DATE = /\b(?:next|this|tomorrow|today|tonight|in\s+\d+|coming|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b/i;
const DATE_WORDS =
  /\b(?:\d{1,2}(?:st|nd|rd|th)?|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|tomorrow|today|next|this|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i;

const MY_FAVOURITE = new RegExp(String.raw`^(?:(?:all[- ]time|absolute|very|most|personal|top|current|new|biggest)\s+)?${FAVOURITE}\s+(.*)`, 'i');
const FAVOURITE_THING = new RegExp(String.raw`^((?:[\w'-]+\s+){0,5}?[\w'-]+)\s+${COPULA}\s+(.+)`, 'i');
const FAVOURITE_BARE = new RegExp(String.raw`^${COPULA}\s+(.+)`, 'i');
const NAME_OF = new RegExp(String.raw`^([A-Za-z][\w'-]*(?:\s+[A-Z][\w'-]*)?)\s+is\s+(?:the\s+)?name\s+of\s+(?:my|our)\s+(${MODIFIERS}(?:${PEOPLE_AND_PETS}))\b`, 'i');
const IS_MY_FAVOURITE = new RegExp(
    String.raw`^(?:.*?(?:\b(?:but|so)|,)\s+)?((?:[\w'-]+\s+){0,3}?[\w'-]+)\s+(?:is|are)\s+(?:(?:definitely|probably|also|totally|by far|still|always|easily|really)\s+)*(?:my|our)\s+(?:(?:all[- ]time|absolute|very|most|personal|top|new|biggest)\s+)?(${FAVOURITE}|homeland|hometown|home town|home state|home country|birthplace|passion|hobby|weakness|guilty pleasure|comfort food|go-to)\b\s*((?:[\w'-]+\s*){0,3})`,
    'i',
  );
/** "color" -> favorites/color, "tv show to watch" -> favorites/show, "thing to do" -> favorites. */
function favouriteCategory(thing: string): string {
  const words = thing.toLowerCase().split(/\s+/);
  const cut = words.findIndex((w) => /^(?:to|on|of|in|at|for|from|with|when|while|and|or|that|which|i|you|we|is|are)$/.test(w));
  const head = (cut >= 0 ? words.slice(0, cut) : words).pop() ?? '';
  if (!head || /^(?:thing|things|one|ones|part|kind|type|sort|place|way|time)$/.test(head)) return 'favorites';
  return `favorites/${slug(singular(head))}`;
}

function nameFrom(raw: string): string | null {
  const capital = /^([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})/.exec(raw);
  if (capital?.[1]) return capital[1];
  const obj = takeObject(raw, { maxWords: 3 });
  if (!obj) return null;
  const words = obj.split(/\s+/);
  const kept: string[] = [];
  for (const w of words) {
    if (STOPWORDS.has(w.toLowerCase())) break;
    kept.push(w);
  }
  // A name said in lower case ("my name is jason") is still a name.
  return kept.length ? kept.map((w) => (/^[a-z]/.test(w) ? capitalise(w) : w)).join(' ') : null;
}

/** Facts of "my <rest>" at one position of a clause. `start` says whether "my" opened the clause. */
function readMy(rest: string, start: boolean): Draft[] | null {
  const c = (n: number) => scaled(n, { hedge: 1, we: false });
  let m: RegExpExecArray | null;

  m = /^((?:full|real|first|last|given|middle|sur|nick|user|stage|pen|maiden)\s*)?name(?:\s+is|'s|s\b|\s*[=:])\s*(.+)/i.exec(rest);
  if (m) {
    const name = nameFrom(m[2] ?? '');
    if (!name) return null;
    const kind = (m[1] ?? '').trim().toLowerCase();
    const label = kind === 'nick' ? 'nickname' : kind === 'sur' ? 'surname' : kind ? `${kind} name` : 'name';
    return [draft(`User's ${label} is ${name}`, 'personal', 'identity/name', c(0.95), [name])];
  }
  m = MY_FAVOURITE.exec(rest);
  if (m) {
    const after = m[1] ?? '';
    const withThing = FAVOURITE_THING.exec(after);
    if (withThing && !/^(?:is|are|was|were)$/i.test(withThing[1] ?? '')) {
      const thing = withThing[1] ?? '';
      const obj = takeObject(withThing[2] ?? '', { commas: 'list', maxWords: 10 });
      if (!obj) return null;
      const copula = /\b(?:are|were)\b/i.test(after.slice(thing.length, thing.length + 6)) ? 'are' : 'is';
      const category = favouriteCategory(thing);
      return [draft(`User's favorite ${thing} ${copula} ${third(obj)}`, 'preference', category, c(0.9), entitiesOf(obj))];
    }
    const bare = FAVOURITE_BARE.exec(after);
    if (bare) {
      const obj = takeObject(bare[1] ?? '', { commas: 'list', maxWords: 10 });
      if (obj) return [draft(`User's favorite is ${third(obj)}`, 'preference', 'favorites', c(0.75), entitiesOf(obj))];
    }
    return null;
  }
  m = /^(?:birthday|bday|b-day|birth\s+date|date\s+of\s+birth|dob)\s+(?:is|was|falls)\s+(?:on\s+)?(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[1] ?? '', { maxWords: 6 });
    if (!obj || !DATE_WORDS.test(obj)) return null;
    return [draft(`User's birthday is ${obj}`, 'personal', 'identity/birthday', c(0.9), [], RELATIVE_DATE.test(obj))];
  }
  m = /^age\s+is\s+(\d{1,3})\b/i.exec(rest);
  if (m) return [draft(`User is ${m[1]} years old`, 'personal', 'identity/age', c(0.9))];
  m = /^(?:job|work|career|profession|occupation|day\s+job|main\s+job|title|role|position)\s+(?:is|was)\s+(?:as\s+)?(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[1] ?? '', { maxWords: 10 });
    if (!obj || /^(?:hard|great|good|fun|boring|stressful|busy|ok|okay|fine|tough|easy|crazy|demanding|a (?:bore|drag|pain|nightmare))\b/i.test(obj)) return null;
    return [draft(`User's job is ${third(obj)}`, 'professional', 'work/role', c(0.85), entitiesOf(obj))];
  }
  m = /^((?:new\s+|first\s+|part[- ]time\s+|full[- ]time\s+|day\s+|second\s+|summer\s+|office\s+)?(?:job|work|internship|gig))\s+(at|as|with|in)\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[3] ?? '', { maxWords: 8 });
    if (!obj) return null;
    const prep = (m[2] ?? '').toLowerCase();
    return [draft(`User has ${withArticle(m[1] ?? 'job', false)} ${prep} ${third(obj)}`, 'professional', prep === 'as' ? 'work/role' : 'work/employer', c(0.75), entitiesOf(obj))];
  }
  m = /^((?:[a-z-]+\s+){1,2})(job|career|gig)\b/i.exec(rest);
  if (m && !/^(?:new|old|first|last|current|next|dream|only|main|real|favorite|favourite)\s+$/i.test(m[1] ?? '') && !STOPWORDS.has((m[1] ?? '').trim().toLowerCase())) {
    return [draft(`User has ${withArticle(`${(m[1] ?? '').trim()} ${m[2]}`, false)}`, 'professional', 'work/role', c(0.6), [(m[1] ?? '').trim()])];
  }
  m = /^(hometown|home\s+town|homeland|home\s+state|home\s+country|birthplace|home|house|apartment|flat|condo|place|family)\s+(?:is|was)\s+((?:in|on|at|near|by|from|outside)\b.+|[A-Z].+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { commas: 'place', maxWords: 8 });
    if (!obj) return null;
    const origin = /town|land|state|country|birthplace|family/i.test(m[1] ?? '');
    return [draft(`User's ${m[1]} is ${third(obj)}`, 'personal', origin ? 'location/origin' : 'location/home', c(0.85), entitiesOf(obj.replace(/^\w+\s+(?=[a-z])/i, '')))];
  }
  m = /^(home|house|apartment|condo|place|farm)\s+(in|on|near|by)\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[3] ?? '', { commas: 'place', maxWords: 6 });
    if (!obj) return null;
    return [draft(`User's ${m[1]} is ${m[2]} ${third(obj)}`, 'personal', 'location/home', c(0.7), entitiesOf(obj))];
  }
  m = /^(?:native|first|mother)\s+(?:language|tongue)\s+is\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[1] ?? '', { maxWords: 3 });
    if (obj) return [draft(`User's native language is ${obj}`, 'skill', 'languages', c(0.9), [obj])];
  }
  m = /^(goal|dream|plan|ambition|aim|aspiration|resolution|new\s+year'?s\s+resolution|mission|bucket\s+list)\s+(?:is|was|for\s+\w+\s+is)\s+(?:to\s+)?(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { maxWords: 12 });
    if (!obj) return null;
    const to = /\bto\s/i.test((rest.split(/\bis\b|\bwas\b/i)[1] ?? '').slice(0, 5)) ? 'to ' : '';
    return [draft(`User's ${m[1]} is ${to}${third(obj)}`, 'goal', 'goals', c(0.85), entitiesOf(obj, false), true)];
  }
  m = /^(hobby|hobbies|passion|passions|interests?|pastime|pastimes|thing)\s+(?:is|are|include|includes)\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { commas: 'list', maxWords: 10 });
    if (!obj) return null;
    const copula = /\b(?:are|include)\b/i.test(rest.slice((m[1] ?? '').length, (m[1] ?? '').length + 9)) ? 'are' : 'is';
    return [draft(`User's ${m[1]} ${copula} ${third(obj)}`, 'preference', 'activities/hobbies', c(0.85), entitiesOf(obj))];
  }
  m = /^(?:love|passion)\s+(?:of|for)\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[1] ?? '', { maxWords: 8 });
    if (obj) return [draft(`User loves ${third(obj)}`, 'preference', likeCategory(obj, 'likes'), c(0.6), entitiesOf(obj))];
  }
  m = /^(major|field|specialty|speciality|degree)\s+(?:is|was)\s+(?:in\s+)?(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { maxWords: 8 });
    if (obj) return [draft(`User's ${m[1]} is ${third(obj)}`, 'personal', 'education/field', c(0.85), entitiesOf(obj))];
  }
  m = /^(car|truck|vehicle|ride|bike|motorcycle|van|suv)\s+is\s+(a|an)\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[3] ?? '', { maxWords: 6 });
    if (obj) return [draft(`User's ${m[1]} is ${m[2]} ${obj}`, 'personal', 'possessions/vehicles', c(0.85), entitiesOf(obj))];
  }

  // "My flight to London is on March 3rd", "my interview got moved to Friday".
  m = /^((?:[\w'-]+\s+){0,5}?)(?:is|are|was|starts|begins|ends|got moved|was moved|has been moved|is scheduled|got rescheduled)\b\s*(.*)$/i.exec(rest);
  if (m && m[1]) {
    const thing = (m[1] ?? '').trim();
    const cls = classifyNoun(thing.split(/\s+/).slice(0, 3).join(' '));
    if (cls.kind === 'event') {
      const predicate = takeObject(rest.slice(thing.length), { maxWords: 10 });
      if (predicate && !BARE_AUXILIARY.test(predicate)) {
        return [{ ...draft(`User's ${third(thing)} ${third(predicate)}`, 'temporal', cls.category, c(0.85), properNames(thing), true) }];
      }
    }
  }
  m = KIN_OR_PET.exec(rest);
  if (m) {
    const who = (m[1] ?? '').trim();
    const after = m[2] ?? '';
    const words = wordsOf(who);
    const head = [3, 2, 1].map((n) => words.slice(-n).join(' ')).find((w) => KIN.has(w) || PETS.has(w)) ?? '';
    const category = KIN.get(head) ?? PETS.get(head) ?? 'family';
    const isPet = PETS.has(head) && !KIN.has(head);
    const type = 'relational';
    const possessive = /^'s\b/.test(rest.slice(who.length));
    const named = /^(?:'s\s+name\s+is|\s+is\s+(?:named|called)|\s+goes\s+by|\s+(?:named|called))\s+(.+)/i.exec(
      possessive ? `'s${after}` : after,
    );
    if (named) {
      const name = nameFrom(named[1] ?? '');
      if (!name) return null;
      return [draft(`User's ${who} is named ${name}`, type, category, c(0.95), [name])];
    }
    if (possessive) return null;
    // "my sister Anna lives in Berlin", "my dog, Biggie, loves his ball".
    const withName = /^\s*,?\s+([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)\s*,?(?:\s+(.*))?$/.exec(after);
    if (withName && withName[1] && !STOPWORDS.has(withName[1].toLowerCase())) {
      const name = withName[1];
      const predicate = withName[2] ? takeObject(withName[2], { maxWords: 12 }) : null;
      if (predicate && VERBISH.test(predicate) && !MODAL_START.test(predicate) && !BARE_AUXILIARY.test(predicate)) {
        return [draft(`User's ${who} ${name} ${third(predicate)}`, type, category, c(0.85), [name, ...properNames(predicate)], true)];
      }
      return [draft(`User has ${withArticle(who, /s$/i.test(head))} named ${name}`, type, category, c(0.85), [name])];
    }
    const predicate = takeObject(after, { maxWords: 12 });
    if (start && predicate && VERBISH.test(predicate) && !MODAL_START.test(predicate) && !BARE_AUXILIARY.test(predicate) && !/^(?:and|or|with|to|for|of|in|on|at)\b/i.test(predicate)) {
      const names = properNames(predicate);
      return [draft(`User's ${who} ${third(predicate)}`, type, category, c(isPet ? 0.75 : 0.7), names.length ? names : [head], true)];
    }
  }
  return null;
}

/** "Pizza is my favourite food", "Oregon is my homeland", "tall men is what I like". */
function readPredicateNominative(clause: string): Draft[] {
  const out: Draft[] = [];
  const lower = clause.toLowerCase();
  const copula = / (?:is|are) /.test(lower);
  const fav = copula && / (?:my|our) /.test(lower) ? IS_MY_FAVOURITE.exec(clause) : null;
  if (fav) {
    // "mostly because blue is my favorite color": the subject is what follows the last function word.
    const subjectWords = (fav[1] ?? '').trim().split(/\s+/);
    let from = 0;
    subjectWords.forEach((w, i) => {
      if (/^(?:and|but|so|or|then|because|cause|mostly|definitely|probably|especially|also|totally|really|which|that|i|you|it|this|think|guess)$/i.test(w)) from = i + 1;
    });
    const subject = subjectWords.slice(from).join(' ');
    const kind = (fav[2] ?? '').toLowerCase();
    const thing = (takeObject(fav[3] ?? '', { maxWords: 3 }) ?? '').replace(/^(?:one|thing)$/i, '');
    const pronoun = /\b(?:mine|yours)\b/i.test(subject);
    if (subject && !STOPWORDS.has(subject.toLowerCase()) && !pronoun) {
      const clean = subject.replace(/^(?:definitely|probably|also|the)\s+(?=\w)/i, (w) => (/^the/i.test(w) ? w : ''));
      if (/^(?:homeland|hometown|home town|home state|home country|birthplace)$/.test(kind)) {
        out.push(draft(`User's ${kind} is ${third(clean)}`, 'personal', 'location/origin', 0.85, entitiesOf(clean)));
      } else if (/^(?:passion|hobby)$/.test(kind)) {
        out.push(draft(`User's ${kind} is ${third(clean)}`, 'preference', 'activities/hobbies', 0.8, entitiesOf(clean)));
      } else if (/^(?:weakness|guilty pleasure|comfort food|go-to)$/.test(kind)) {
        out.push(draft(`User's ${kind} is ${third(clean)}`, 'preference', likeCategory(clean, 'likes'), 0.75, entitiesOf(clean)));
      } else {
        const category = favouriteCategory(thing);
        out.push(draft(`User's favorite ${thing ? `${thing} ` : ''}is ${third(clean)}`, 'preference', category, thing ? 0.85 : 0.75, entitiesOf(clean)));
      }
    }
  }
  const what = copula && lower.includes(' what i ') && /^(?:.*?\b(?:and|but|so|,)\s+)?((?:[\w'-]+\s+){0,4}?[\w'-]+)\s+(?:is|are)\s+what\s+i\s+(?:really\s+|most\s+)?(like|love|enjoy|want|prefer|hate|do)\b/i.exec(clause);
  if (what) {
    const subject = (what[1] ?? '').trim();
    const verb = (what[2] ?? '').toLowerCase();
    if (subject && !/^(?:that|this|it|which|what)$/i.test(subject)) {
      if (verb === 'do') out.push(draft(`User does ${third(subject)}`, 'preference', 'activities/hobbies', 0.65, entitiesOf(subject, false)));
      else if (verb === 'want') out.push(draft(`User wants ${third(subject)}`, 'goal', 'goals', 0.7, entitiesOf(subject)));
      else out.push(draft(`User ${verb}s ${third(subject)}`, 'preference', likeCategory(subject, verb === 'hate' ? 'dislikes' : 'likes'), 0.75, entitiesOf(subject)));
    }
  }
  // "Charlie is the name of my dog".
  const nameOf = lower.includes(' name of ') ? NAME_OF.exec(clause) : null;
  if (nameOf && !STOPWORDS.has((nameOf[1] ?? '').toLowerCase())) {
    const head = wordsOf(nameOf[2] ?? '').pop() ?? '';
    out.push(draft(`User's ${nameOf[2]} is named ${nameOf[1]}`, 'relational', KIN.get(head) ?? PETS.get(head) ?? 'family', 0.9, [nameOf[1] ?? '']));
  }
  // "the bookstore where I work", "in Alabama where I live".
  const where = lower.includes(' where i ') && /\b(?:in|at|near|on)\s+((?:the\s+|a\s+)?(?:[\w'-]+\s+){0,3}?[\w'-]+)\s*,?\s+where\s+i\s+(?:currently\s+|now\s+|still\s+)?(live|work|reside|grew up|was born|study|go to school)\b/i.exec(clause);
  if (where) {
    const place = takeObject(where[1] ?? '', { maxWords: 5 });
    const verb = (where[2] ?? '').toLowerCase();
    if (place) {
      if (verb === 'work') out.push(draft(`User works at ${third(place)}`, 'professional', 'work/employer', 0.75, entitiesOf(place)));
      else if (verb === 'live' || verb === 'reside') out.push(draft(`User lives in ${third(place)}`, 'personal', 'location/home', 0.75, entitiesOf(place)));
      else if (verb === 'grew up' || verb === 'was born') out.push(draft(`User ${verb} in ${third(place)}`, 'personal', 'location/origin', 0.75, entitiesOf(place)));
      else out.push(draft(`User studies at ${third(place)}`, 'personal', 'education/school', 0.7, entitiesOf(place)));
    }
  }
  return out;
}

/** An opinion about a thing: "seafood ravioli is great", "lizards are awesome", "pudding is gross". */
const OPINION =
  /^((?:[a-z][\w'-]*\s+){0,3}[a-z][\w'-]*)\s+(?:is|are)\s+((?:(?:so|really|very|pretty|just|also|always|simply|absolutely|totally|truly)\s+)*(?:awesome|great|amazing|the best|delicious|fantastic|wonderful|fun|so much fun|a lot of fun|tasty|yummy|lovely|the greatest|incredible|terrible|awful|gross|disgusting|the worst|boring|overrated|horrible|nasty|a great hobby|my life|life|relaxing|my jam))\b/i;
const NOT_OPINION_SUBJECT =
  /\b(?:i|think|guess|believe|it|its|that|this|these|those|he|she|they|there|here|which|what|who|you|your|yours|his|her|their|my|our|mine|everything|everyone|everybody|something|anything|nothing|life|today|tonight|weather|day|week|weekend|work|school|job|time|world|news|place|area|city|town|trip|idea|story|question|answer|thing|things|one|both|all|yes|no)\b/i;

export function readOpinion(clause: string): Draft[] {
  if (!/ (?:is|are) /i.test(clause)) return [];
  const m = OPINION.exec(clause);
  if (!m || NOT_OPINION_SUBJECT.test(m[1] ?? '')) return [];
  const subject = (m[1] ?? '').trim();
  const judgement = (m[2] ?? '').trim();
  const negative = /terrible|awful|gross|disgusting|worst|boring|overrated|horrible|nasty/i.test(judgement);
  const copula = /\bare\b/i.test(clause.slice(subject.length, subject.length + 5)) ? 'are' : 'is';
  return [draft(`User thinks ${subject} ${copula} ${judgement}`, 'preference', likeCategory(subject, negative ? 'dislikes' : 'likes'), 0.5, entitiesOf(subject))];
}

/** Statements a clause makes with "my": name, favourites, family members' doings... */
export function readPossessive(clause: string): Draft[] {
  const out: Draft[] = [];
  const re = /\b(?:my|our)\s+/gi;
  for (let m = re.exec(clause); m; m = re.exec(clause)) {
    const before = clause.slice(0, m.index).trim();
    const start = before === '' || /^(?:and|but|so|also|plus|then|now|well|oh|yes|yeah|no|haha|lol)$/i.test(before);
    const drafts = readMy(clause.slice(m.index + m[0].length), start || !/\b(?:i|we|you|he|she|they)\b/i.test(before));
    if (drafts) out.push(...drafts);
  }
  out.push(...readPredicateNominative(clause));
  return out;
}

/**
 * What a clause says only in passing: "dinner with my 3 sisters" -> the user has three sisters. Only kin that
 * are worth saying (children, siblings, partners), pets, vehicles and homes.
 */
export function readMentions(clause: string): Draft[] {
  const out: Draft[] = [];
  if (!/\b(?:my|our)\s/i.test(clause)) return out;
  MENTION.lastIndex = 0;
  for (let m = MENTION.exec(clause); m; m = MENTION.exec(clause)) {
    const phrase = (m[1] ?? '').replace(/\b(?:favorite|favourite|fav|fave|late|ex-?|future|own)\s+/gi, '').trim();
    if (phrase !== (m[1] ?? '').trim() && /\b(?:late|ex-?|future)\b/i.test(m[1] ?? '')) continue;
    const words = wordsOf(phrase);
    const head = [3, 2, 1].map((n) => words.slice(-n).join(' ')).find((w) => COUNTABLE_KIN.has(w) || PETS.has(w) || VEHICLES.has(w) || HOMES.has(w));
    if (!head || /^(?:place|home|family|team|pet|youngest|oldest|little one|little ones|boys|girls)$/.test(head)) continue;
    const plural = /s$/i.test(head) && !/(?:ss|us)$/i.test(head) && !['bus', 'boss'].includes(head);
    const thing = withArticle(phrase, plural || /^(?:twins|kids|children|grandchildren|grandkids|mice|sheep|fish)$/i.test(head));
    if (COUNTABLE_KIN.has(head)) out.push(draft(`User has ${thing}`, 'relational', KIN.get(head) ?? 'family', 0.55, [head]));
    else if (PETS.has(head)) out.push(draft(`User has ${thing}`, 'relational', PETS.get(head) ?? 'pets', 0.6, [head]));
    else if (VEHICLES.has(head)) out.push(draft(`User has ${thing}`, 'personal', 'possessions/vehicles', 0.55, entitiesOf(phrase)));
    else out.push(draft(`User has ${thing}`, 'personal', 'location/home', 0.5, [head]));
  }
  return out;
}

export { kinCategory };
