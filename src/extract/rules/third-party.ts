/**
 * Short statements about a named third party: "Biggie loves his yellow ball", "Sarah works at Google",
 * "Mom is allergic to cats". The name must be capitalised and must not be an ordinary word that happens to open
 * a sentence ("Coffee helps", "Work is busy").
 */
import { type Draft, draft, kinCategory, scaled, third } from './draft.js';
import { properNames, takeObject } from './grammar.js';
import {
  ANIMALS, COLORS, DRINKS, FOODS, HOBBIES, KIN, LANGUAGES, MEDIA, MUSIC, OPENERS, PETS, PROFESSIONS, STOPWORDS,
  VEHICLES, isProfession,
} from './lexicon.js';
import type { MemoryType } from '../../core/memory.js';

const VERBS: Record<string, { type: MemoryType; category: string; timed?: boolean }> = {
  loves: { type: 'preference', category: 'others/likes' },
  likes: { type: 'preference', category: 'others/likes' },
  enjoys: { type: 'preference', category: 'others/likes' },
  adores: { type: 'preference', category: 'others/likes' },
  prefers: { type: 'preference', category: 'others/likes' },
  hates: { type: 'preference', category: 'others/dislikes' },
  dislikes: { type: 'preference', category: 'others/dislikes' },
  lives: { type: 'factual', category: 'others/location' },
  works: { type: 'factual', category: 'others/work' },
  teaches: { type: 'factual', category: 'others/work' },
  studies: { type: 'factual', category: 'others/education' },
  attends: { type: 'factual', category: 'others/education' },
  plays: { type: 'factual', category: 'others/activities' },
  speaks: { type: 'factual', category: 'others/skills' },
  has: { type: 'factual', category: 'others' },
  owns: { type: 'factual', category: 'others/possessions' },
  drives: { type: 'factual', category: 'others/possessions' },
  wants: { type: 'factual', category: 'others/goals' },
  eats: { type: 'factual', category: 'others/likes' },
  drinks: { type: 'factual', category: 'others/likes' },
  got: { type: 'episodic', category: 'others/history', timed: true },
  started: { type: 'episodic', category: 'others/history', timed: true },
  moved: { type: 'episodic', category: 'others/location', timed: true },
  graduated: { type: 'episodic', category: 'others/education', timed: true },
  turned: { type: 'episodic', category: 'others/history', timed: true },
  visited: { type: 'episodic', category: 'others/history', timed: true },
  passed: { type: 'episodic', category: 'others/history', timed: true },
  died: { type: 'episodic', category: 'others/history', timed: true },
  won: { type: 'episodic', category: 'others/history', timed: true },
  will: { type: 'temporal', category: 'others/events', timed: true },
};
const IS_ALLOWED =
  /^(?:my|our|allergic|afraid|scared|married|pregnant|engaged|divorced|from|learning|studying|working|retired|vegan|vegetarian|\d{1,3}\b|turning|moving|starting|getting|going to|coming|visiting|in (?:the hospital|college|school|high school|kindergarten))/i;
const NOT_NAMES = new Set([
  'I', 'The', 'This', 'That', 'These', 'Those', 'It', 'He', 'She', 'They', 'We', 'You', 'There', 'Here',
  'What', 'Who', 'Everyone', 'Everybody', 'Someone', 'Somebody', 'Nobody', 'Anyone', 'People', 'Nothing',
  'Something', 'Everything', 'Life', 'Work', 'Today', 'Tomorrow', 'Tonight', 'Yesterday', 'Monday', 'Tuesday',
  'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March', 'April', 'May',
  'June', 'July', 'August', 'September', 'October', 'November', 'December', 'School', 'College', 'Dinner',
  'Lunch', 'Breakfast', 'Traffic', 'Weather', 'Nobody', 'Each', 'Every', 'All', 'Both', 'My', 'Your', 'His',
  'Her', 'Our', 'Their', 'One', 'Mine', 'Yours', 'God', 'Time', 'Money', 'Love', 'Nature', 'Music', 'Art',
  'Sleep', 'Home', 'Family', 'Everyone', 'Kids', 'Dogs', 'Cats', 'Nobody', 'Which', 'Whoever', 'Anything',
]);
const ORDINARY = [FOODS, DRINKS, PETS, ANIMALS, HOBBIES, MEDIA, MUSIC, COLORS, VEHICLES, LANGUAGES, PROFESSIONS, STOPWORDS, OPENERS];
const THIRD_PARTY = new RegExp(
  String.raw`^([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?)\s+((?:(?:now|really|also|still|always|just|finally|absolutely|totally|usually|recently|currently|actually|never)\s+)*)(${Object.keys(VERBS).join('|')}|is)\b\s*(.*)$`,
);

/** A statement about a named third party that opens the clause, or none. */
export function readThirdParty(clause: string): Draft[] {
  const first = clause.charCodeAt(0);
  if (first < 65 || first > 90) return [];
  const m = THIRD_PARTY.exec(clause);
  if (!m) return [];
  const name = m[1] ?? '';
  const firstName = name.split(' ')[0] ?? '';
  const lower = name.toLowerCase();
  const kin = KIN.has(lower) ? kinCategory(lower) : null;
  if (!kin && (NOT_NAMES.has(firstName) || ORDINARY.some((set) => set.has(lower) || set.has(firstName.toLowerCase())))) return [];
  const verb = m[3] ?? '';
  const tail = m[4] ?? '';
  if (verb === 'is' && !IS_ALLOWED.test(tail) && !/^(?:a|an)\s+/i.test(tail)) return [];
  if (verb === 'is' && /^(?:a|an)\s+/i.test(tail)) {
    const head = /^(?:a|an)\s+((?:[\w-]+\s+){0,2}[\w-]+)/i.exec(tail)?.[1]?.toLowerCase().split(/\s+/).pop() ?? '';
    if (!isProfession(head) && !PETS.has(head) && !KIN.has(head)) return [];
  }
  const obj = takeObject(tail, { maxWords: 12 });
  if (!obj && verb !== 'died' && verb !== 'graduated' && verb !== 'retired') return [];
  const subject = kin ? `User's ${lower}` : name;
  const adverbs = (m[2] ?? '').trim();
  const content = `${subject}${adverbs ? ` ${adverbs}` : ''} ${verb}${obj ? ` ${third(obj)}` : ''}`;
  const spec = VERBS[verb] ?? { type: 'factual' as MemoryType, category: 'others' };
  const aboutUser = /\b(?:my|our|me)\b/i.test(obj ?? '');
  const relation = aboutUser ? kinCategory(obj ?? '') : null;
  const type: MemoryType = kin || relation ? 'relational' : spec.type;
  const category = kin ?? relation ?? spec.category;
  const entities = kin ? properNames(obj ?? '') : [name, ...properNames(obj ?? '')];
  return [draft(content, type, category, scaled(0.75, { hedge: 1, we: false }), entities, spec.timed ?? false)];
}
