/** What a noun phrase names, for the category of "I have ...", "my ..." and "I got ..." facts. */
import { findAny, wordsOf } from './grammar.js';
import {
  CONDITION_HEADS, CONDITIONS, COUNTABLE_KIN, EVENTS, HOMES, KIN, PETS, VEHICLES,
} from './lexicon.js';

export type NounKind =
  | 'allergy' | 'condition' | 'event' | 'kin' | 'pet' | 'vehicle' | 'home' | 'degree' | 'job' | 'business' | 'none';

export interface NounClass {
  kind: NounKind;
  category: string;
  /** The matched word or words ("dog", "type 2 diabetes"). */
  head: string;
}

const DEGREES = new Set([
  'degree', 'degrees', 'bachelors', "bachelor's", 'bachelor', 'masters', "master's", 'master', 'phd', 'ph.d',
  'doctorate', 'diploma', 'mba', 'ged', 'associates', "associate's", 'certificate', 'certification', 'ba', 'bs',
  'ma', 'ms', 'msc', 'bsc', 'license', 'licence',
]);
const JOBS = new Set(['job', 'jobs', 'career', 'gig', 'position', 'internship', 'occupation', 'profession']);
const BUSINESSES =
  /^(?:business|company|shop|store|restaurant|bakery|firm|agency|salon|cafe|café|bar|pub|practice|studio|startup|start-up|franchise|clinic|gym|boutique|brewery|winery|bookstore|nursery|daycare|consultancy|diner|food truck|hotel|motel|inn|garage|workshop|factory|label|magazine|newspaper|website|blog|channel|youtube channel|podcast|etsy shop|online store|nonprofit|non-profit|charity|band)$/;

const has = (set: Set<string> | Map<string, string>) => (w: string) => set.has(w);

/** Classifies the first thing a phrase names. `countableKinOnly` skips parents and friends ("my mom"). */
export function classifyNoun(phrase: string, countableKinOnly = false): NounClass {
  const words = wordsOf(phrase).slice(0, 8);
  const none: NounClass = { kind: 'none', category: '', head: '' };
  if (words.length === 0) return none;
  if (words.some((w) => /^allerg(?:y|ies|ic)$/.test(w))) {
    return { kind: 'allergy', category: 'health/allergies', head: 'allergy' };
  }
  const condition = findAny(words, has(CONDITIONS), 4);
  if (condition) return { kind: 'condition', category: 'health/conditions', head: condition.word };
  const conditionHead = words.find((w) => CONDITION_HEADS.test(w) && !/^(?:hair|eyes|skin)$/.test(w));
  if (conditionHead) return { kind: 'condition', category: 'health/conditions', head: conditionHead };
  const event = findAny(words.slice(0, 5), has(EVENTS), 3);
  if (event) return { kind: 'event', category: EVENTS.get(event.word) ?? 'events', head: event.word };
  const kin = findAny(words, (w) => KIN.has(w) && (!countableKinOnly || COUNTABLE_KIN.has(w)), 3);
  if (kin) return { kind: 'kin', category: KIN.get(kin.word) ?? 'family', head: kin.word };
  // "a pet cat": the kind of animal, not "pet", names the category.
  const pet = findAny(words, (w) => PETS.has(w) && w !== 'pet' && w !== 'pets', 3) ?? findAny(words, has(PETS), 3);
  if (pet) return { kind: 'pet', category: PETS.get(pet.word) ?? 'pets', head: pet.word };
  const vehicle = findAny(words, has(VEHICLES), 2);
  if (vehicle) return { kind: 'vehicle', category: 'possessions/vehicles', head: vehicle.word };
  const degree = words.find((w) => DEGREES.has(w));
  if (degree) return { kind: 'degree', category: 'education/degree', head: degree };
  const job = words.find((w) => JOBS.has(w));
  if (job) return { kind: 'job', category: 'work/role', head: job };
  const business = findAny(words, (w) => BUSINESSES.test(w), 2);
  if (business) return { kind: 'business', category: 'work/business', head: business.word };
  const home = findAny(words, has(HOMES), 2);
  if (home) return { kind: 'home', category: 'location/home', head: home.word };
  return none;
}

export function isBusiness(word: string): boolean {
  return BUSINESSES.test(word);
}
