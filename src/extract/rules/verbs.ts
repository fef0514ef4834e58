/**
 * "I <verb> ...": likes and dislikes, languages, where the user lives and works, studies, goals, skills,
 * hobbies and routines, and past happenings. `rest` starts at the verb.
 */
import {
  type Draft, type Subject, domainOf, draft, entitiesOf, goalCategory, kinCategory, likeCategory, scaled, third,
} from './draft.js';
import { properNames, splitList, takeObject, verbFor, wordsOf } from './grammar.js';
import { EMOTIONS, INSTRUMENTS, LANGUAGES, NOT_A_GOAL, SMALL_TALK_STATES } from './lexicon.js';
import { classifyNoun } from './nouns.js';

/** A phrase that says something recurs: "every Sunday", "twice a week", "on weekends". */
export const FREQUENCY =
  /\b(?:every|each)\s+(?:other\s+|single\s+)?(?:day|morning|afternoon|evening|night|week|weekend|month|year|summer|winter|spring|fall|autumn|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekday|time|few\s+\w+)\b|\b(?:daily|weekly|nightly|monthly|yearly|annually|everyday|weekdays)\b|\bon\s+(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekends|weekdays)\b|\b(?:once|twice|three times|four times|\d+\s+times)\s+(?:a|an|per|every)\s+\w+|\bin\s+the\s+(?:mornings|evenings|afternoons)\b|\b(?:most|many)\s+(?:days|nights|mornings|evenings|weekends)\b|\ball\s+the\s+time\b/i;
const ROUTINE_ADVERB = /^(?:always|usually|often|normally|typically|regularly|frequently|constantly|generally)$/;

const SKILL_VERBS =
  /^(speak|play|cook|swim|drive|dance|sing|draw|paint|code|program|knit|sew|crochet|ski|snowboard|skate|surf|read|write|fix|build|bake|juggle|type|run|ride|fly|sign|make|climb|lift|whistle|solve|repair|design|edit|teach|translate|understand|do)\b/i;
const HOBBY_VERBS =
  /^(cook|bake|paint|draw|write|sing|dance|swim|run|jog|hike|fish|hunt|knit|crochet|sew|garden|surf|ski|snowboard|skate|skateboard|climb|bike|cycle|walk|shop|camp|meditate|pray|blog|vlog|stream|game|code|program|design|sculpt|reenact|tutor|babysit|collect|grow|build|make|craft|quilt|scrapbook|golf|bowl|box|wrestle|sail|kayak|canoe|row|dive|skydive|travel|exercise|work out|lift weights|lift|practice|practise|train|compete|perform|act|rap|produce|compose|photograph|film|foster|rescue|raise|breed|tinker|restore|repair|fix|brew|farm|do|spend|wear|help|visit|volunteer|juggle|party|journal|doodle|cosplay|study|read|teach|write|take|use|sell|deliver|serve|race|snack|grill|barbecue|bbq|hunt|skate|shave|model|sculpt|crossfit|surf|skate|bowl)\b\s*(.*)/i;
const INTRANSITIVE_HOBBIES =
  /^(?:cook|bake|paint|draw|write|sing|dance|swim|run|jog|hike|fish|hunt|knit|crochet|sew|garden|surf|ski|snowboard|skate|skateboard|climb|bike|cycle|walk|shop|camp|meditate|pray|blog|vlog|stream|game|code|program|sculpt|quilt|scrapbook|golf|bowl|box|wrestle|sail|kayak|canoe|dive|skydive|travel|exercise|work out|lift weights|lift|journal|doodle|cosplay|read|party|volunteer|race|grill|barbecue|bbq)$/i;
const PAST_VERBS =
  /^(went|visited|met|saw|bought|finished|started|won|broke|ran|traveled|travelled|flew|drove|took|made|celebrated|tried|ate|drank|watched|wrote|cooked|baked|completed|passed|failed|received|found|learned|learnt|spent|attended|hiked|climbed|played|painted|sold|built|gave|became|began|came|did|fell|caught|taught|brought|beat|toured|explored|hosted|organized|organised|swam|rode|sang|danced|lost|left|joined|quit|adopted|married|retired|graduated|moved|got|applied|signed|booked|won|ordered|picked|planted|fixed|cleaned|entered|earned|opened|launched|founded|created|designed|published|recorded|performed|competed|volunteered|injured|hurt|tore|sprained|crashed|survived|recovered|returned|arrived|landed|turned|threw|held|sent|wore|grew|raised|rescued|saved|killed|shot|caught|dropped|stopped|dyed|cut|shaved|painted|renovated|remodeled|decorated|built|knit|knitted|sewed|baked|brewed)\b\s*(.*)/i;
const NOT_PAST =
  /^(?:need|feed|seed|bleed|proceed|succeed|exceed|speed|breed|weed|heed|shed|bed|wed|red|bred|used|tired|interested|excited|bored|supposed|based|located|named|called|scared|worried|related|married|retired|wanted|needed|asked|wondered|guessed|thought|told|said|meant|liked|loved|hated|enjoyed|preferred|felt|knew|forgot|remembered|realized|realised|noticed|decided|hoped|planned|tried|seemed|started|finished|stressed|depressed|concerned|confused|amazed|surprised|shocked|impressed|pleased|annoyed|frustrated|embarrassed|ashamed|aged|advanced|talented|skilled|experienced|qualified|blessed|attached|engaged|divorced|separated|retired|employed|unemployed|obsessed|allowed|supposed|inspired)$/i;

/** A direct object never starts with a preposition ("I watch on Sundays" names no show). */
const PREPOSITION_START = /^(?:on|in|at|for|from|with|by|about|after|before|during|around|over|under|it|them|him|her|those|these)\b/i;

function isRoutine(s: Subject): boolean {
  return ROUTINE_ADVERB.test(s.adverb) || FREQUENCY.test(s.clause);
}

/** Facts for "I <hobby verb> ..." ("I knit", "I play tennis every Sunday"). */
function hobby(verb: string, obj: string | null, s: Subject, confidence = 0.65): Draft[] | null {
  if (!obj && !INTRANSITIVE_HOBBIES.test(verb)) return null;
  const content = `User ${verbFor(verb.toLowerCase(), s.neg, s.adverb, s.past)}${obj ? ` ${third(obj)}` : ''}`;
  const entities = obj ? entitiesOf(obj, false) : [];
  if (isRoutine(s) && !s.neg) return [draft(content, 'procedural', 'routines', scaled(0.75, s), entities)];
  return [draft(content, 'preference', 'activities/hobbies', scaled(s.neg ? 0.6 : confidence, s), entities)];
}

/** The facts of "I <rest>", where rest starts with a verb other than be/have. */
export function readVerb(rest: string, s: Subject): Draft[] | null {
  const c = (n: number) => scaled(n, s);
  const v = (base: string) => verbFor(base.toLowerCase(), s.neg, s.adverb, s.past);
  let m: RegExpExecArray | null;

  // Desires said with "would": "I'd love to ...", "I would rather ...".
  m = /^would\s+(?:(?:really|so|absolutely|totally|definitely|just|also|much|still|very\s+much)\s+)*(love|like|prefer|rather|enjoy|want|hate)\s+(.*)/i.exec(rest);
  if (m) {
    const verb = (m[1] ?? '').toLowerCase();
    const obj = takeObject(m[2] ?? '', { maxWords: 12 });
    if (!obj || NOT_A_GOAL.test(obj.replace(/^to\s+/i, '')) || /^(?:you|your)\b/i.test(obj)) return null;
    const said = s.neg ? `would not ${verb}` : `would ${verb}`;
    if (verb === 'rather' || verb === 'prefer') {
      return [draft(`User ${said} ${third(obj)}`, 'preference', likeCategory(obj.replace(/^to\s+/i, ''), 'likes'), c(0.7), entitiesOf(obj, false))];
    }
    if (verb === 'hate') return null;
    return [draft(`User ${said} ${third(obj)}`, 'goal', goalCategory(obj.replace(/^to\s+/i, '')), c(0.7), entitiesOf(obj.replace(/^to\s+/i, ''), false), true)];
  }
  m = /^(?:would\s+)?(?:much\s+)?rather\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[1] ?? '', { maxWords: 12 });
    if (!obj) return null;
    return [draft(`User would rather ${third(obj)}`, 'preference', likeCategory(obj, 'likes'), c(0.7), entitiesOf(obj, false))];
  }
  m = /^(want|wish|hope|plan|intend|aim|need|desire|dream|long|yearn|aspire)\s+(to|of|about|on)?\s*(.+)/i.exec(rest);
  if (m) {
    const verb = (m[1] ?? '').toLowerCase();
    const prep = (m[2] ?? '').toLowerCase();
    if (!prep && /^(?:wish|hope|plan|intend|aim|long|yearn|aspire|dream)$/.test(verb)) return null;
    if (verb === 'dream' && prep === 'to') return null;
    const obj = takeObject(m[3] ?? '', { maxWords: 12 });
    if (!obj || NOT_A_GOAL.test(obj)) return null;
    const confidence = { want: 0.8, plan: 0.8, intend: 0.8, aim: 0.8, aspire: 0.8, hope: 0.75, wish: 0.7, dream: 0.7, need: 0.6, long: 0.7, yearn: 0.7, desire: 0.7 }[verb] ?? 0.7;
    const content = `User ${v(verb)}${prep ? ` ${prep}` : ''} ${third(obj)}`;
    const d = draft(content, 'goal', goalCategory(obj), c(confidence), entitiesOf(obj, false), true);
    return [{ ...d, whenTimed: { type: 'temporal', category: 'events' } }];
  }

  // Abilities: "I can swim", "I can't stand olives", "I know how to sew".
  m = /^(can|could)\s+(.+)/i.exec(rest);
  if (m) {
    if ((m[1] ?? '').toLowerCase() === 'could') return null;
    const after = m[2] ?? '';
    const stand = /^(stand|bear|tolerate|deal with|handle|take|stomach)\s+(.+)/i.exec(after);
    if (stand && s.neg) {
      const obj = takeObject(stand[2] ?? '', { commas: 'list' });
      if (!obj) return null;
      return [draft(`User cannot ${stand[1]} ${third(obj)}`, 'preference', likeCategory(obj, 'dislikes'), c(0.85), entitiesOf(obj))];
    }
    const skill = SKILL_VERBS.exec(after);
    if (!skill) return null;
    const obj = takeObject(after.slice(skill[0].length), { commas: 'list', maxWords: 10 });
    const verb = (skill[1] ?? '').toLowerCase();
    if ((verb === 'understand' || verb === 'speak' || verb === 'read' || verb === 'write' || verb === 'sign') && obj) {
      const languages = splitList(obj).filter((item) => LANGUAGES.has(item.toLowerCase().replace(/^(?:a little|some|basic|fluent|conversational)\s+/, '')));
      if (languages.length) {
        return languages.map((item) => draft(`User ${s.neg ? 'cannot' : 'can'} ${verb} ${item}`, 'skill', 'languages', c(0.85), [item]));
      }
    }
    if (!obj && !INTRANSITIVE_HOBBIES.test(verb)) return null;
    if (verb === 'do' && !obj) return null;
    const content = `User ${s.neg ? 'cannot' : 'can'} ${skill[1]}${obj ? ` ${third(obj)}` : ''}`;
    return [draft(content, 'skill', 'skills', c(s.neg ? 0.75 : 0.8), obj ? entitiesOf(obj, false) : [])];
  }
  m = /^know\s+how\s+to\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[1] ?? '');
    if (!obj) return null;
    return [draft(`User ${v('know')} how to ${third(obj)}`, 'skill', 'skills', c(0.85), entitiesOf(obj, false))];
  }
  m = /^know\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[1] ?? '', { commas: 'list' });
    const languages = obj ? splitList(obj).filter((item) => LANGUAGES.has(item.toLowerCase())) : [];
    return languages.length ? languages.map((item) => draft(`User ${v('know')} ${item}`, 'skill', 'languages', c(0.8), [item])) : null;
  }

  // Futures and past habits.
  m = /^will\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[1] ?? '', { maxWords: 12 });
    if (!obj || s.neg || /^(?:be\s+)?(?:there|back|fine|ok|okay|right back|try|see|let you know|do that|do it|check|think|keep|have to|need|get back|talk|send|ask|tell|look|remember|definitely|probably|never|always)\b/i.test(obj)) return null;
    return [{ ...draft(`User will ${third(obj)}`, 'goal', goalCategory(obj.replace(/^be\s+/i, '')), c(0.6), entitiesOf(obj, false), true), whenTimed: { type: 'temporal', category: 'events' } }];
  }
  m = /^used\s+to\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[1] ?? '', { maxWords: 12 });
    if (!obj) return null;
    return [draft(`User used to ${third(obj)}`, 'episodic', 'history', c(0.7), entitiesOf(obj, false))];
  }

  // Feelings: "I feel lonely", "I miss the snow".
  m = /^(feel|felt)\s+(?:(?:so|really|very|pretty|quite|super|a bit|a little|kind of|kinda|totally|extremely|incredibly|always|still|too)\s+)*(.+)/i.exec(rest);
  if (m) {
    const words = wordsOf(m[2] ?? '');
    if (/^like\b/i.test(m[2] ?? '')) return null;
    const emotion = [3, 2, 1].map((n) => words.slice(0, n).join(' ')).find((w) => EMOTIONS.has(w));
    if (!emotion || SMALL_TALK_STATES.has(emotion)) return null;
    const obj = takeObject(rest.slice((m[1] ?? '').length).trim(), { maxWords: 10 });
    if (!obj) return null;
    const verb = (m[1] ?? '').toLowerCase() === 'felt' ? 'felt' : v('feel');
    return [draft(`User ${verb} ${third(obj)}`, 'emotional', 'feelings', c(0.8), [], true)];
  }
  m = /^(miss|missed)\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { maxWords: 10 });
    if (!obj || /^(?:out|the point|the bus|the train|the deadline)\b/i.test(obj)) return null;
    const verb = (m[1] ?? '').toLowerCase() === 'missed' ? 'missed' : v('miss');
    return [draft(`User ${verb} ${third(obj)}`, 'emotional', 'feelings', c(0.75), entitiesOf(obj))];
  }

  // Likes and dislikes.
  m = /^prefer\s+(.+?)\s+(over|to|rather than|instead of|than|more than)\s+(.+)/i.exec(rest);
  if (m) {
    const a = takeObject(m[1] ?? '');
    const b = takeObject(m[3] ?? '');
    if (!a || !b) return null;
    return [draft(`User ${v('prefer')} ${third(a)} ${m[2]} ${third(b)}`, 'preference', likeCategory(a, 'likes'), c(0.85), [...entitiesOf(a), ...entitiesOf(b)])];
  }
  m = /^(love|like|enjoy|adore|prefer|fancy|dig|appreciate|cherish|treasure|crave|admire|relish|loved|liked|enjoyed|adored|preferred)\s+(.+)/i.exec(rest);
  if (m) {
    const verb = (m[1] ?? '').toLowerCase();
    const past = /ed$/.test(verb);
    const obj = takeObject(m[2] ?? '', { commas: 'list', maxWords: 12 });
    if (!obj || PREPOSITION_START.test(obj) || /^(?:you|your|when|how|what|if|it when|that you|to (?:know|think|hear|say|ask|talk|chat))\b/i.test(obj)) return null;
    const leaf = s.neg ? 'dislikes' : 'likes';
    const items = /^to\b/i.test(obj) ? [obj] : splitList(obj);
    const said = past ? (s.neg ? `did not ${verb.replace(/e?d$/, '')}` : verb) : v(verb);
    return items.map((item) => {
      const domain = domainOf(item);
      const content = `User ${said} ${third(item)}`;
      if (domain === 'people') return draft(content, 'relational', kinCategory(item) ?? 'family', c(0.7), entitiesOf(item));
      const d = draft(content, 'preference', likeCategory(item, leaf, domain), c(past ? 0.6 : 0.85), entitiesOf(item), past);
      return past ? { ...d, whenTimed: { type: 'episodic' as const, category: 'history' } } : d;
    });
  }
  m = /^(hate|hated|dislike|disliked|detest|loathe|despise|abhor|resent)\s+(.+)/i.exec(rest);
  if (m) {
    if (s.neg) return null;
    const obj = takeObject(m[2] ?? '', { commas: 'list', maxWords: 12 });
    if (!obj || /^(?:you|your|when|how|what|if|to (?:say|admit|ask|bother|break it))\b/i.test(obj)) return null;
    const verb = (m[1] ?? '').toLowerCase();
    const said = /ed$/.test(verb) ? verb : v(verb);
    const items = /^to\b/i.test(obj) ? [obj] : splitList(obj);
    return items.map((item) => draft(`User ${said} ${third(item)}`, 'preference', likeCategory(item, 'dislikes'), c(0.85), entitiesOf(item)));
  }
  m = /^care\s+for\s+(.+)/i.exec(rest);
  if (m && s.neg === 'not') {
    const obj = takeObject(m[1] ?? '');
    if (obj) return [draft(`User does not care for ${third(obj)}`, 'preference', likeCategory(obj, 'dislikes'), c(0.75), entitiesOf(obj))];
  }
  m = /^(take care of|care for|look after|looked after|took care of|cared for)\s+(.+)/i.exec(rest);
  if (m && !s.neg) {
    const obj = takeObject(m[2] ?? '', { maxWords: 10 });
    if (!obj) return null;
    const said = /^(?:took|looked|cared)/i.test(m[1] ?? '') ? m[1] : `${v((m[1] ?? '').split(' ')[0] ?? '')} ${(m[1] ?? '').split(' ').slice(1).join(' ')}`;
    const kin = kinCategory(obj);
    return [draft(`User ${said} ${third(obj)}`, kin ? 'relational' : 'preference', kin ?? 'activities/hobbies', c(0.75), entitiesOf(obj))];
  }

  // Languages.
  m = /^(speak|talk|sign|read and write|speak and write|understand)\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { commas: 'list' });
    if (!obj) return null;
    const items = splitList(obj).filter((item) => {
      const w = item.toLowerCase().replace(/^(?:a little|a bit of|a little bit of|some|fluent|basic|conversational|broken|decent|good|native|perfect|pretty good|very good|excellent)\s+/, '');
      return LANGUAGES.has(w) || LANGUAGES.has(w.split(' ')[0] ?? '');
    });
    if (items.length === 0) return null;
    return items.map((item) => draft(`User ${v(m?.[1] ?? 'speak')} ${item}`, 'skill', 'languages', c(0.9), entitiesOf(item.replace(/^(?:a little|a bit of|some|fluent|basic|conversational|broken|decent|good|native)\s+/i, ''))));
  }

  // Where the user lives, comes from, moved to.
  m = /^(live|lives|reside|stay|lived|resided)\s+(.+)/i.exec(rest);
  if (m) {
    const where = /^((?:right\s+|just\s+|very\s+|pretty\s+|still\s+|currently\s+|now\s+)?(?:in|on|at|near|by|outside(?:\s+of)?|close\s+to|next\s+to|out\s+in|up\s+in|down\s+in|over\s+in|out\s+on|across\s+from|around|in\s+the\s+middle\s+of|with|alone|all\s+alone|by\s+myself|on\s+my\s+own|together|abroad|overseas|downtown|upstate|off\s+campus|on\s+campus|nearby|far\s+away|far\s+from|here\s+in|there\s+in)\b.*)/i.exec(m[2] ?? '');
    if (!where) return null;
    const obj = takeObject(where[1] ?? '', { commas: 'place', maxWords: 10 });
    if (!obj) return null;
    const entities = entitiesOf(obj.replace(/^(?:right|just|very|pretty|still|currently|now|out|up|down|over|here|there)?\s*(?:in|on|at|near|by|with|outside of|outside|close to|next to|across from|around)\s+/i, ''));
    if (/ed$/i.test(m[1] ?? '')) {
      return [draft(`User ${s.neg === 'not' ? 'did not live' : 'lived'} ${third(obj)}`, 'personal', 'location/history', c(0.7), entities, true)];
    }
    return [draft(`User ${v('live')} ${third(obj)}`, 'personal', 'location/home', c(0.9), entities)];
  }
  m = /^(moved|relocated|move|emigrated|immigrated)\s+((?:back\s+)?(?:to|here\s+from|from|out\s+of|in\s+with|into|here|away|abroad|overseas|across|back|out)\b.*)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { commas: 'place', maxWords: 10 });
    if (!obj || /^(?:back|out|here|away)$/i.test(obj)) return null;
    const from = /^from\b/i.test(obj);
    const verb = (m[1] ?? '').toLowerCase() === 'move' ? v('move') : m[1];
    return [draft(`User ${verb} ${third(obj)}`, 'personal', from ? 'location/origin' : 'location/home', c(0.85), entitiesOf(obj.replace(/^(?:back\s+)?\w+\s+/, '')), true)];
  }
  m = /^(grew\s+up|come|came|hail|originate)\s+(in|on|near|around|outside|from|with|by|all over)\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[3] ?? '', { commas: 'place', maxWords: 10 });
    if (!obj) return null;
    const verb = /^grew/i.test(m[1] ?? '') ? 'grew up' : /^came$/i.test(m[1] ?? '') ? 'came' : v((m[1] ?? '').toLowerCase());
    const prep = (m[2] ?? '').toLowerCase();
    if (prep === 'with') {
      const kin = kinCategory(obj);
      return [draft(`User ${verb} with ${third(obj)}`, kin ? 'relational' : 'personal', kin ?? 'location/origin', c(0.75), entitiesOf(obj))];
    }
    if (verb === 'came' && prep !== 'from') return null;
    return [draft(`User ${verb} ${prep} ${third(obj)}`, 'personal', 'location/origin', c(0.9), entitiesOf(obj))];
  }

  // Work and studies.
  m = /^(work|worked|intern|interned|volunteer|volunteered)\b\s*(.*)/i.exec(rest);
  if (m) {
    const verb = (m[1] ?? '').toLowerCase();
    const past = /ed$/.test(verb);
    const said = past ? (s.neg === 'not' ? `did not ${verb.replace(/ed$/, '')}` : verb) : v(verb);
    const tail = m[2] ?? '';
    const type = verb.startsWith('volunteer') ? 'personal' : 'professional';
    const category = (leaf: string) => (verb.startsWith('volunteer') ? 'activities/volunteering' : past ? 'work/history' : leaf);
    let w = /^as\s+(.+)/i.exec(tail);
    if (w) {
      const obj = takeObject(w[1] ?? '', { maxWords: 10 });
      if (!obj) return null;
      const org = /\s(?:at|for|with|in)\s+(.+)$/i.exec(obj)?.[1];
      return [draft(`User ${said} as ${third(obj)}`, type, category('work/role'), c(past ? 0.8 : 0.95), org ? entitiesOf(org) : entitiesOf(obj))];
    }
    w = /^(at|for|in|with|on)\s+(.+)/i.exec(tail);
    if (w) {
      const prep = (w[1] ?? '').toLowerCase();
      const obj = takeObject(w[2] ?? '', { maxWords: 10 });
      if (!obj) return null;
      const leaf = prep === 'at' || prep === 'for' ? 'work/employer' : prep === 'on' ? 'work/projects' : /^(?:a|an|the)\s/i.test(obj) ? 'work/employer' : 'work/field';
      return [draft(`User ${said} ${prep} ${third(obj)}`, type, category(leaf), c(prep === 'on' ? 0.65 : past ? 0.8 : 0.9), entitiesOf(obj), past)];
    }
    w = /^((?:from\s+home|remotely|from\s+my\s+house|part[- ]time|full[- ]time|nights|night\s+shifts?|day\s+shifts?|weekends|two\s+jobs|three\s+jobs|overtime|long\s+hours|hard|\d+\s+hours(?:\s+a\s+\w+)?|a\s+lot|from\s+\w+\s+to\s+\w+)\b.*)/i.exec(tail);
    if (w) {
      const obj = takeObject(w[1] ?? '', { maxWords: 10 });
      if (!obj) return null;
      return [draft(`User ${said} ${third(obj)}`, type, category('work/arrangement'), c(0.75), [])];
    }
    if (s.neg && !tail.trim()) return [draft(`User ${said}`, 'professional', 'work/status', c(0.75))];
    return null;
  }
  m = /^(teach|tutor|coach|instruct|taught|tutored|coached)\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { maxWords: 10 });
    if (!obj) return null;
    const past = /(?:ed|taught)$/i.test(m[1] ?? '');
    return [draft(`User ${past ? m[1] : v(m[1] ?? '')} ${third(obj)}`, 'professional', past ? 'work/history' : 'work/role', c(past ? 0.7 : 0.8), entitiesOf(obj))];
  }
  m = /^(study|studied|major|majored|minor|minored)\s+(?:in\s+)?(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { maxWords: 10 });
    if (!obj) return null;
    const past = /ed$/i.test(m[1] ?? '');
    const said = past ? m[1] : v(m[1] ?? '');
    const prep = /^(?:major|minor)/i.test(m[1] ?? '') ? ' in' : '';
    if (/^for\b/i.test(obj)) return [{ ...draft(`User ${said} ${third(obj)}`, 'temporal', 'events/school', c(0.6), entitiesOf(obj.replace(/^for\s+/i, '')), true) }];
    if (/^(?:abroad|overseas|hard|a lot|all night|late)\b/i.test(obj)) return [draft(`User ${said} ${third(obj)}`, 'episodic', 'history', c(0.7), [], true)];
    return [draft(`User ${said}${prep} ${third(obj)}`, 'personal', 'education/field', c(past ? 0.8 : 0.85), entitiesOf(obj.replace(/\s+at\s+.*$/, '')).concat(properNames(obj.replace(/^.*?\s+at\s+/, '')).filter((n) => !obj.startsWith(n))))];
  }
  m = /^(attend|attended|go\s+to|went\s+to|started|finished|dropped\s+out\s+of)\s+((?:the\s+|a\s+|my\s+)?.*?\b(?:school|college|university|uni|academy|institute|seminary|classes|kindergarten|preschool|bootcamp|community college|high school|grad school|law school|med school)\b.*)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { maxWords: 10 });
    if (!obj) return null;
    const verb = (m[1] ?? '').toLowerCase();
    const past = /(?:ed|went to|dropped out of)$/.test(verb) || verb === 'went to';
    const said = past ? verb : verb === 'go to' ? `${v('go')} to` : v(verb);
    return [draft(`User ${said} ${third(obj)}`, 'personal', 'education/school', c(past ? 0.75 : 0.85), entitiesOf(obj), past)];
  }
  m = /^(graduated|graduate)\b\s*(.*)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { maxWords: 10 });
    const past = /ed$/i.test(m[1] ?? '');
    const content = `User ${past ? 'graduated' : v('graduate')}${obj ? ` ${third(obj)}` : ''}`;
    const entities = obj ? entitiesOf(obj.replace(/^(?:from|with|in)\s+/i, '')) : [];
    if (!past) return [{ ...draft(content, 'temporal', 'events/school', c(0.75), entities, true) }];
    return [draft(content, 'personal', 'education/degree', c(0.9), entities, true)];
  }

  // Businesses, vehicles and possessions.
  m = /^(own|owned|run|ran|manage|managed|operate|operated|co-own|started|founded|opened|launched|built|bought|sold|adopted)\s+(.+)/i.exec(rest);
  if (m) {
    const verb = (m[1] ?? '').toLowerCase();
    const obj = takeObject(m[2] ?? '', { commas: 'list', maxWords: 10 });
    if (!obj) return null;
    const past = /(?:ed|ran|built|bought|sold)$/.test(verb) && !/^(?:owned)$/.test(verb) ? true : verb === 'owned';
    const said = past ? (s.neg === 'not' ? `did not ${verb}` : verb) : v(verb);
    const cls = classifyNoun(obj);
    const content = `User ${said} ${third(obj)}`;
    const entities = entitiesOf(obj);
    if (cls.kind === 'business') return [draft(content, 'professional', 'work/business', c(past ? 0.75 : 0.85), entities, past)];
    if (cls.kind === 'pet' || (cls.kind === 'kin' && verb === 'adopted')) return [draft(content, 'relational', cls.category, c(0.85), entities, past)];
    if (cls.kind === 'vehicle') return [draft(content, 'personal', 'possessions/vehicles', c(past ? 0.7 : 0.85), entities, past)];
    if (cls.kind === 'home') return [draft(content, 'personal', 'location/home', c(past ? 0.7 : 0.8), entities, past)];
    if (/^(?:started|began)$/.test(verb) && /^[a-z]+ing\b/i.test(obj)) return [draft(content, 'preference', 'activities/hobbies', c(0.65), entitiesOf(obj, false), true)];
    if (verb === 'own' || verb === 'co-own') return [draft(content, 'personal', 'possessions', c(0.75), entities)];
    if (verb === 'run') return hobby('run', obj, s, 0.7);
    if (verb === 'manage' || verb === 'managed') return [draft(content, 'professional', past ? 'work/history' : 'work/role', c(0.65), entities)];
    return [draft(content, 'episodic', 'history', c(0.6), entities, true)];
  }
  m = /^(drive|drove|ride|rode)\s+(.+)/i.exec(rest);
  if (m) {
    const verb = (m[1] ?? '').toLowerCase();
    const obj = takeObject(m[2] ?? '', { maxWords: 8 });
    if (!obj) return null;
    const past = verb === 'drove' || verb === 'rode';
    const said = past ? verb : v(verb);
    const cls = classifyNoun(obj);
    if (cls.kind === 'vehicle' || /^(?:a|an|my)\s+(?:\w+\s+)?[A-Z]/.test(obj)) {
      return [draft(`User ${said} ${third(obj)}`, past ? 'episodic' : 'personal', past ? 'history' : 'possessions/vehicles', c(past ? 0.6 : 0.85), entitiesOf(obj), past)];
    }
    if (/^for\s+(?:a\s+living|uber|lyft|work|a\s+company)/i.test(obj)) return [draft(`User ${said} ${third(obj)}`, 'professional', 'work/role', c(0.75), entitiesOf(obj))];
    if (/^(?:horses?|bikes?|motorcycles?|dirt\s+bikes?|waves|the\s+bus|the\s+train|the\s+subway)\b/i.test(obj)) return hobby(verb === 'rode' ? 'ride' : verb, obj, s, 0.65);
    return null;
  }
  m = /^(eat|drink|ate|drank)\s+(.+)/i.exec(rest);
  if (m) {
    const verb = (m[1] ?? '').toLowerCase();
    const obj = takeObject(m[2] ?? '', { commas: 'list', maxWords: 10 });
    if (!obj) return null;
    if (verb === 'ate' || verb === 'drank') {
      return [{ ...draft(`User ${verb} ${third(obj)}`, 'episodic', 'history', c(0.55), entitiesOf(obj), true), requiresTime: true }];
    }
    if (s.neg) {
      return [draft(`User ${v(verb)} ${third(obj)}`, 'health', 'health/diet', c(0.9), entitiesOf(obj))];
    }
    if (/^(?:healthy|clean|out|organic|well|right|less|a lot|too much|more)\b/i.test(obj)) {
      return [draft(`User ${v(verb)} ${third(obj)}`, 'health', 'health/diet', c(0.7), [])];
    }
    if (PREPOSITION_START.test(obj)) return null;
    const items = splitList(obj);
    return items.map((item) => {
      const content = `User ${v(verb)} ${third(item)}`;
      if (isRoutine(s)) return draft(content, 'procedural', 'routines', c(0.75), entitiesOf(item));
      return draft(content, 'preference', verb === 'drink' ? 'drinks/likes' : 'food/likes', c(0.6), entitiesOf(item));
    });
  }
  m = /^(smoke|vape|smoked|vaped|chew tobacco)\b\s*(.*)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { maxWords: 8 });
    const past = /ed$/i.test(m[1] ?? '');
    return [draft(`User ${past ? m[1] : v(m[1] ?? '')}${obj ? ` ${third(obj)}` : ''}`, 'health', 'health/habits', c(0.8), [])];
  }
  m = /^(?:quit|stopped|gave\s+up)\s+(smoking|drinking|vaping|alcohol|caffeine|sugar|meat|dairy|gluten|coffee|soda|cigarettes)\b/i.exec(rest);
  if (m) return [draft(`User quit ${m[1]}`, 'health', 'health/habits', c(0.85), [m[1] ?? ''], true)];

  // Hobbies and media.
  m = /^(play|played)\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '', { commas: 'list', maxWords: 10 });
    if (!obj) return null;
    const past = /ed$/i.test(m[1] ?? '');
    const words = wordsOf(obj);
    const instrument = words.some((w) => INSTRUMENTS.has(w));
    const said = past ? 'played' : v('play');
    if (instrument && !past) return [draft(`User ${said} ${third(obj)}`, 'skill', 'skills/music', c(0.85), entitiesOf(obj.replace(/^the\s+/i, '')))];
    if (past) return [draft(`User played ${third(obj)}`, 'preference', 'activities/hobbies', c(0.6), entitiesOf(obj, false), true)];
    return hobby('play', obj, s, 0.75);
  }
  m = /^(watch|read|listen\s+to|listen)\s+(.+)/i.exec(rest);
  if (m) {
    const verb = (m[1] ?? '').toLowerCase();
    const obj = takeObject(m[2] ?? '', { commas: 'list', maxWords: 10 });
    if (!obj || PREPOSITION_START.test(obj)) {
      return verb === 'read' ? hobby('read', null, s) : null;
    }
    const category = verb === 'watch' ? 'media/likes' : verb === 'read' ? 'media/books' : 'music/likes';
    const content = `User ${v(verb)} ${third(obj)}`;
    if (isRoutine(s)) return [draft(content, 'procedural', 'routines', c(0.7), entitiesOf(obj))];
    return [draft(content, 'preference', category, c(0.7), entitiesOf(obj))];
  }
  m = /^(go|went)\s+(.+)/i.exec(rest);
  if (m) {
    const past = /went/i.test(m[1] ?? '');
    const obj = takeObject(m[2] ?? '', { maxWords: 10 });
    if (!obj || /^(?:out|home|back|there|away|now|to (?:bed|sleep|the bathroom)|ahead|on|off|first|through)\b/i.test(obj)) return null;
    if (/^[a-z]{3,}ing\b/i.test(obj) || /^to\s+(?:the\s+)?(?:gym|church|temple|mosque|synagogue|beach|park|pool|library|movies|lake|mountains)/i.test(obj) || (/^to\s/i.test(obj) && isRoutine(s))) {
      if (past) return [draft(`User went ${third(obj)}`, 'episodic', 'history', c(0.65), entitiesOf(obj, false), true)];
      return hobby('go', obj, s, 0.75);
    }
    if (past) return [draft(`User went ${third(obj)}`, 'episodic', 'history', c(0.6), entitiesOf(obj.replace(/^to\s+/i, '')), true)];
    return null;
  }
  m = /^(get|gets)\s+(.+)/i.exec(rest);
  if (m && isRoutine(s) && !s.neg) {
    const obj = takeObject(m[2] ?? '', { maxWords: 10 });
    if (!obj) return null;
    return [draft(`User ${v('get')} ${third(obj)}`, 'procedural', 'routines', c(0.6), entitiesOf(obj, false))];
  }
  m = /^got\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[1] ?? '', { maxWords: 10 });
    if (!obj || /^(?:home|it|there|up|back|lucky|paid|bored|tired|sick of|used to|to|a call|a text|an email|your|you|the chance|caught|stuck|lost|(?:an?|the|this|that|some)\s+(?:\w+\s+)?(?:error|errors|message|email|notification|bug|warning|exception|response|reply|answer|result|output|question|idea|feeling|chance|call|text))\b/i.test(obj)) {
      if (obj && /^back\s+from\s+/i.test(obj)) return [draft(`User got ${third(obj)}`, 'episodic', 'history', c(0.6), entitiesOf(obj.replace(/^back\s+from\s+/i, ''), false), true)];
      return null;
    }
    if (/^(married|engaged|divorced|dumped)\b/i.test(obj)) return [draft(`User got ${third(obj)}`, 'relational', 'family/status', c(0.85), properNames(obj), true)];
    if (/^into\b/i.test(obj)) return [draft(`User got ${third(obj)}`, 'personal', 'education/school', c(0.7), entitiesOf(obj.replace(/^into\s+/i, '')), true)];
    const cls = classifyNoun(obj);
    const content = `User got ${third(obj)}`;
    const entities = entitiesOf(obj);
    if (cls.kind === 'pet' || cls.kind === 'kin') return [draft(content, 'relational', cls.category, c(0.8), entities, true)];
    if (cls.kind === 'vehicle') return [draft(content, 'personal', 'possessions/vehicles', c(0.8), entities, true)];
    if (cls.kind === 'job') return [draft(content, 'professional', /\bas\b/i.test(obj) ? 'work/role' : 'work/employer', c(0.8), properNames(obj), true)];
    if (cls.kind === 'degree') return [draft(content, 'personal', 'education/degree', c(0.8), entities, true)];
    if (cls.kind === 'home') return [draft(content, 'personal', 'location/home', c(0.7), entities, true)];
    if (cls.kind === 'condition') return [draft(content, 'health', 'health/conditions', c(0.7), [cls.head], true)];
    return [draft(content, 'episodic', 'history', c(0.5), entities, true)];
  }
  m = /^(believe)\s+in\s+(.+)/i.exec(rest);
  if (m) {
    const obj = takeObject(m[2] ?? '');
    if (obj) return [draft(`User ${v('believe')} in ${third(obj)}`, 'personal', 'beliefs', c(0.75), entitiesOf(obj))];
  }
  m = /^(married|lost|broke\s+up\s+with|retired|quit|left|joined)\b\s*(.*)/i.exec(rest);
  if (m) {
    const verb = (m[1] ?? '').toLowerCase();
    const obj = takeObject(m[2] ?? '', { maxWords: 10 });
    const content = `User ${verb}${obj ? ` ${third(obj)}` : ''}`;
    const kin = obj ? kinCategory(obj) : null;
    if (verb === 'married' && obj) return [draft(content, 'relational', 'family/spouse', c(0.85), entitiesOf(obj), true)];
    if (verb.startsWith('broke')) return obj ? [draft(content, 'relational', 'family/partner', c(0.75), entitiesOf(obj), true)] : null;
    if (verb === 'retired') return [draft(content, 'professional', 'work/status', c(0.85), obj ? properNames(obj) : [], true)];
    if ((verb === 'quit' || verb === 'left') && obj && /\b(?:job|work|company|army|navy|military|firm|position)\b/i.test(obj)) return [draft(content, 'professional', 'work/history', c(0.75), properNames(obj), true)];
    if (verb === 'lost' && kin) return [draft(content, 'relational', kin, c(0.7), entitiesOf(obj ?? ''), true)];
    if (verb === 'joined' && obj) return [draft(content, 'personal', 'memberships', c(0.7), entitiesOf(obj), true)];
    if (!obj) return null;
    return [draft(content, 'episodic', 'history', c(0.55), entitiesOf(obj, false), true)];
  }

  m = /^(try|tries)\s+to\s+(.+)/i.exec(rest);
  if (m && !s.neg) {
    const obj = takeObject(m[2] ?? '', { maxWords: 10 });
    if (!obj || NOT_A_GOAL.test(obj)) return null;
    if (isRoutine(s)) return [draft(`User ${v('try')} to ${third(obj)}`, 'procedural', 'routines', c(0.65), entitiesOf(obj, false))];
    return [draft(`User ${v('try')} to ${third(obj)}`, 'goal', goalCategory(obj), c(0.55), entitiesOf(obj, false))];
  }
  m = /^find\s+(.+?)\s+((?:so\s+|really\s+|very\s+|pretty\s+|super\s+)?(?:fun|relaxing|enjoyable|interesting|fascinating|boring|annoying|stressful|calming|therapeutic|exciting|hard|difficult|easy|beautiful|delicious|disgusting|gross|amazing|awesome|rewarding|peaceful))\b/i.exec(rest);
  if (m) {
    const obj = takeObject(m[1] ?? '', { maxWords: 8 });
    if (!obj) return null;
    const negative = /boring|annoying|stressful|hard|difficult|disgusting|gross/i.test(m[2] ?? '');
    return [draft(`User ${v('find')} ${third(obj)} ${m[2]}`, 'preference', likeCategory(obj, negative ? 'dislikes' : 'likes'), c(0.7), entitiesOf(obj))];
  }

  // Present-tense hobbies: "I knit", "I play tennis every Sunday", "I also cook and read".
  m = HOBBY_VERBS.exec(rest);
  if (m) {
    const verb = (m[1] ?? '').toLowerCase();
    // "I do- Oscar, my guinea pig": punctuation right after the verb ends the clause.
    const tail = /^[^\w\s]/.test(m[2] ?? '') || /^[^\w\s]/.test(rest.slice((m[1] ?? '').length)) ? '' : (m[2] ?? '');
    const next = /^(?:and|or|&)\s+(.+)/i.exec(tail);
    if (next && HOBBY_VERBS.test(next[1] ?? '')) {
      const first = hobby(verb, null, s) ?? [];
      const second = readVerb(next[1] ?? '', s) ?? [];
      const both = [...first, ...second];
      return both.length ? both : null;
    }
    const obj = takeObject(tail, { maxWords: 10, commas: 'list' });
    if (/^(?:do|make|take|use|sell|serve|deliver|spend|help|wear|visit|fix|repair|build|grow|raise|study|teach|write)$/.test(verb) && !obj) return null;
    if (verb === 'do' && obj && /^(?:not|that|this|it|so|too|the same|what|anything|nothing|well|good|fine|ok|okay|alright|i|you|we|he|she|they)\b/i.test(obj)) return null;
    if (verb === 'take' && !(obj && /\b(?:class|classes|lessons?|courses?|medication|meds|pills|insulin|vitamins|supplements)\b/i.test(obj))) return null;
    if (verb === 'use' || verb === 'sell' || verb === 'serve' || verb === 'deliver') {
      if (!obj || !isRoutine(s)) return null;
    }
    if (verb === 'take' && obj && /\b(?:medication|meds|pills|insulin|vitamins|supplements)\b/i.test(obj)) {
      return [draft(`User ${v('take')} ${third(obj)}`, 'health', 'health/medication', c(0.8), entitiesOf(obj, false))];
    }
    if (verb === 'visit' && obj) {
      if (isRoutine(s)) return [draft(`User ${v('visit')} ${third(obj)}`, 'procedural', 'routines', c(0.7), entitiesOf(obj))];
      return [{ ...draft(`User ${v('visit')} ${third(obj)}`, 'episodic', 'activities', c(0.5), entitiesOf(obj), true), whenTimed: { type: 'temporal', category: 'events' } }];
    }
    if (verb === 'wear' && obj) return [draft(`User ${v('wear')} ${third(obj)}`, 'personal', 'identity/appearance', c(0.6), entitiesOf(obj, false))];
    return hobby(verb, obj, s, /^(?:help|spend|do|make)$/.test(verb) ? 0.55 : 0.65);
  }

  // Past happenings: "I went to Rome last week", "I finished my thesis".
  m = PAST_VERBS.exec(rest) ?? (/^([a-z]{3,}ed)\b\s*(.*)/i.exec(rest) && !NOT_PAST.test(/^([a-z]+)/i.exec(rest)?.[1] ?? '') ? /^([a-z]{3,}ed)\b\s*(.*)/i.exec(rest) : null);
  if (m) {
    if (NOT_PAST.test(m[1] ?? '') && !PAST_VERBS.test(rest)) return null;
    const obj = takeObject(m[2] ?? '', { maxWords: 12 });
    if (!obj || s.neg) return null;
    return [draft(`User ${m[1]} ${third(obj)}`, 'episodic', 'history', c(0.6), entitiesOf(obj, false), true)];
  }
  return null;
}
