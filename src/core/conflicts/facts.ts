import {
  ATTRIBUTE_NOUNS,
  classesOf,
  COPULA,
  DETERMINERS,
  DIETS,
  DISLIKE_VERBS,
  FOOD_CLASSES,
  HAVE_CLASSES,
  isRelation,
  JOBS,
  LIKE_VERBS,
  MARITAL,
  MODALS,
  MULTI_ATTRIBUTES,
  PLURAL_RELATIONS,
  SINGLE_ATTRIBUTES,
  VERBS,
} from './lexicon.js';
import { contentStems, countNegations, normalise, stem, STOP } from './text.js';

/**
 * A memory's content read as subject / attribute / value frames: "User's dog Biggie weighs 20 kg" is
 * (biggie, weigh, [20, kg]). The grammar covers the third-person sentences extractors write and first-person chat
 * ("My name is Jason"); anything else still has its words, which lexical similarity compares.
 */
export interface Frame {
  /** `user`, `user/sister`, or a name (`biggie`). */
  subject: string;
  /** Canonical attribute: name, age, home, employer, role, like, consume, fav:colour, have:dog, is, verb:smok ... */
  attribute: string;
  /** Stems of the value's words. */
  value: string[];
  /** Food, drink or possession classes of the value (meat, alcohol, pet...). */
  classes: string[];
  positive: boolean;
  /** One value at a time (a new value is an update, not a second fact). */
  single: boolean;
  /** Derived from another frame ("is vegetarian" implies "does not eat meat"): used for contradictions only. */
  implied: boolean;
}

export interface Fact {
  frames: Frame[];
  /** Subjects other than the user himself: names and relations ("biggie", "user/sister"). */
  subjects: Set<string>;
  /** Proper names mentioned (lower case). */
  entities: Set<string>;
  /** The sentence says something changed ("now", "moved", "no longer"). */
  change: boolean;
  /** Stems of every meaningful word, for lexical similarity. */
  stems: string[];
  /** Lower-case words worth looking up in the full-text index. */
  words: string[];
  negations: number;
  /**
   * The sentence's subject and predicate head as written ("user lives", "user s name", "biggie loves"), in the
   * full-text index's tokens: memories saying the same of the same subject in other words are found through it.
   */
  anchor: { subject: string[]; head: string } | null;
}

const PREPOSITIONS = new Set(['at', 'in', 'for', 'of', 'from', 'with', 'on', 'by', 'near']);
const ADVERBIAL = new Set(
  'every each on in at last this next morning mornings evening evenings night nights afternoon afternoons weekend weekends day days week weeks month months year years today tonight yesterday tomorrow usually often sometimes always january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays saturdays sundays'.split(
    ' ',
  ),
);
const AUX_DO = new Set(['do', 'does', 'did']);
const HAVE_AUX = new Set(['has', 'have', 'had']);
const PARTICIPLES = new Set(
  'been gone done eaten drunk driven spoken made got gotten bought begun swum written taught given taken grown known seen met felt kept slept left lost won worn drawn quit had run'.split(' '),
);
const NAME_VERBS = new Set(['called', 'named']);
const MODIFIERS = new Set(['older', 'younger', 'little', 'big', 'elder', 'eldest', 'youngest', 'oldest', 'new', 'current', 'best', 'baby', 'twin', 'step']);

function meaningful(words: readonly string[]): string[] {
  return words.filter((w) => w !== '' && !STOP.has(w) && w !== 'not' && w !== 'never' && w !== 'no' && !/^'/.test(w));
}

function valueStems(words: readonly string[]): string[] {
  return meaningful(words).map(stem);
}

function isNumber(word: string | undefined): boolean {
  return word !== undefined && /^\d+$/.test(word);
}

function stripDeterminers(words: string[]): string[] {
  let i = 0;
  while (i < words.length && DETERMINERS.has(words[i]!)) i++;
  return words.slice(i);
}

function stripPreposition(words: string[]): string[] {
  return words.length > 0 && PREPOSITIONS.has(words[0]!) ? words.slice(1) : words;
}

function foodClasses(stems: readonly string[]): string[] {
  return classesOf(stems, FOOD_CLASSES);
}

class FactParser {
  readonly frames: Frame[] = [];
  readonly subjects = new Set<string>();
  anchor: Fact['anchor'] = null;
  private positive = true;

  constructor(
    private words: string[],
    private readonly names: Set<string>,
  ) {}

  private frame(subject: string, attribute: string, value: string[], options: { single?: boolean; implied?: boolean; classes?: string[]; positive?: boolean } = {}): void {
    const stems = valueStems(value);
    const single = options.single ?? (SINGLE_ATTRIBUTES.has(attribute) || attribute.startsWith('fav:'));
    this.frames.push({
      subject,
      attribute,
      value: stems,
      classes: options.classes ?? [],
      positive: options.positive ?? this.positive,
      single: single && !MULTI_ATTRIBUTES.has(attribute),
      implied: options.implied ?? false,
    });
    if (subject !== 'user') this.subjects.add(subject);
  }

  private isName(word: string | undefined): boolean {
    return word !== undefined && this.names.has(word) && !COPULA.has(word) && !VERBS.has(stem(word));
  }

  private startsPredicate(word: string): boolean {
    return COPULA.has(word) || MODALS.has(word) || AUX_DO.has(word) || HAVE_AUX.has(word) || word === 'not' || word === 'never' || VERBS.has(stem(word));
  }

  parse(): void {
    const w = this.words;
    // "Every morning User drinks coffee": move a leading time phrase to the end.
    if (w[0] !== 'user' && !this.names.has(w[0] ?? '')) {
      const j = w.indexOf('user');
      if (j > 0 && j <= 4 && w.slice(0, j).every((x) => ADVERBIAL.has(x) || isNumber(x))) this.words = w.slice(j).concat(w.slice(0, j));
    }
    const words = this.words;
    let i = 0;
    let subject: string;
    if (words[0] === 'user') {
      subject = 'user';
      i = 1;
    } else if (this.names.has(words[0] ?? '')) {
      const name: string[] = [];
      while (i < words.length && this.isName(words[i])) name.push(words[i++]!);
      if (name.length === 0) return;
      subject = name.join(' ');
      this.subjects.add(subject);
    } else {
      return;
    }
    let tail: string[] | null = null;
    while (words[i] === "'s") {
      i++;
      if (tail) subject = `${subject}/${canonicalTail(tail)}`;
      const np: string[] = [];
      while (i < words.length) {
        const x = words[i]!;
        if (np.length > 0 && (this.startsPredicate(x) || x === "'s" || PREPOSITIONS.has(x) || this.isName(x))) break;
        np.push(x);
        i++;
      }
      tail = np;
      if (this.isName(words[i])) {
        const name: string[] = [];
        while (i < words.length && this.isName(words[i])) name.push(words[i++]!);
        this.subjects.add(`${subject}/${canonicalTail(tail)}`);
        subject = name.join(' ');
        this.subjects.add(subject);
        tail = null;
      }
      // "User's team at AWS builds ...": skip the phrase that qualifies the subject.
      if (PREPOSITIONS.has(words[i] ?? '')) {
        let j = i;
        while (j < words.length && j - i < 5 && !this.startsPredicate(words[j]!)) j++;
        if (j < words.length && j - i < 5) i = j;
      }
    }
    if (tail && tail.length === 0) tail = null;
    const subjectEnd = i;
    // auxiliaries and negation
    for (;;) {
      const x = words[i];
      if (x === undefined) return;
      if (x === 'not' || x === 'never') this.positive = !this.positive;
      else if (AUX_DO.has(x) || MODALS.has(x)) {
        // "does", "can", "will": carry nothing of their own
      } else if (HAVE_AUX.has(x) && (words[i + 1] === 'not' || words[i + 1] === 'never' || PARTICIPLES.has(words[i + 1] ?? '') || /ed$/.test(words[i + 1] ?? ''))) {
        // "has never smoked": perfect tense
      } else break;
      i++;
    }
    const head = words[i]!;
    // The anchor keeps the subject's last words: "User's sister Anna lives" -> "anna lives", "User's name" -> "user s name".
    const subjectWords = words.slice(0, subjectEnd).map((x) => (x === "'s" ? 's' : x));
    const named = subject !== 'user' && !subject.includes('/') ? subject.split(' ') : null;
    this.anchor = { subject: named ?? subjectWords.slice(0, 4), head };
    const rest = words.slice(i + 1);
    if (COPULA.has(head)) {
      let complement = rest;
      while (complement[0] === 'not' || complement[0] === 'never') {
        this.positive = !this.positive;
        complement = complement.slice(1);
      }
      this.copula(subject, tail, complement);
    } else {
      if (tail) subject = `${subject}/${canonicalTail(tail)}`;
      this.verb(subject, stem(head), rest);
    }
  }

  private copula(subject: string, tail: string[] | null, rest: string[]): void {
    if (tail) {
      const attribute = canonicalTail(tail);
      const relation = isRelation(stem(tail[tail.length - 1]!));
      if (relation) {
        const owner = `${subject}/${attribute}`;
        if (NAME_VERBS.has(rest[0] ?? '')) return this.name(owner, rest.slice(1));
        if (rest.length > 0 && this.isName(rest[0]) && rest.every((x) => this.names.has(x))) return this.name(owner, rest);
        return this.copula(owner, null, rest);
      }
      if (attribute === 'name') return this.name(subject, rest);
      const value = stripPreposition(stripDeterminers(rest));
      this.frame(subject, attribute, value, { single: !MULTI_ATTRIBUTES.has(attribute) });
      return;
    }
    const first = rest[0] ?? '';
    const bare = stripDeterminers(rest);
    if (NAME_VERBS.has(first)) return this.name(subject, rest.slice(1));
    if (isNumber(first) && (rest.length === 1 || ['year', 'years', 'yo'].includes(rest[1]!))) return this.frame(subject, 'age', [first]);
    if (first === 'aged' && isNumber(rest[1])) return this.frame(subject, 'age', [rest[1]!]);
    if (first === 'allergic') return this.frame(subject, 'allergy', rest.slice(rest[1] === 'to' ? 2 : 1));
    if (MARITAL.has(stem(first))) {
      if (rest[1] === 'to') rest.slice(2).forEach((x) => this.names.has(x) && this.subjects.add(x));
      return this.frame(subject, 'marital', [first]);
    }
    const diet = [bare.join(' '), bare.slice(0, 2).join(' '), bare[0] ?? ''].find((d) => DIETS[d] !== undefined);
    if (diet) {
      this.frame(subject, 'diet', diet.split(' '));
      this.frame(subject, 'consume', [], { implied: true, classes: DIETS[diet]!, positive: !this.positive });
      return;
    }
    if (first === 'from') return this.frame(subject, 'origin', rest.slice(1));
    if ((first === 'based' || first === 'living') && rest[1] === 'in') return this.frame(subject, 'home', rest.slice(2));
    if ((first === 'employed' || first === 'working') && (rest[1] === 'by' || rest[1] === 'at' || rest[1] === 'for')) return this.frame(subject, 'employer', rest.slice(2));
    if (first === 'working' && rest[1] === 'as') return this.work(subject, rest.slice(1));
    if (first === 'fluent' && rest[1] === 'in') return this.frame(subject, 'speak', rest.slice(2));
    if (bare[0] === 'fan' && bare[1] === 'of') return this.frame(subject, 'like', bare.slice(2));
    if ((first === 'fond' && rest[1] === 'of') || (first === 'keen' && rest[1] === 'on') || (first === 'crazy' && rest[1] === 'about')) {
      return this.like(subject, rest.slice(2));
    }
    if (first === 'into' && rest.length > 1) return this.like(subject, rest.slice(1));
    if (first === 'learning' || first === 'studying') return this.frame(subject, 'learn', rest.slice(1));
    if (first === 'born' && (rest[1] === 'on' || rest[1] === 'in')) {
      const value = rest.slice(2);
      const date = value.some((x) => isNumber(x) || ADVERBIAL.has(x));
      return this.frame(subject, rest[1] === 'on' || date ? 'birthday' : 'birthplace', value);
    }
    if (first === 'been' && rest[1] === 'to') return this.frame(subject, 'visit', rest.slice(2));
    if (first === 'been') return this.copula(subject, null, rest.slice(1));
    // "User is a software engineer at AWS"
    const np: string[] = [];
    for (const x of bare) {
      if (PREPOSITIONS.has(x)) break;
      np.push(x);
    }
    if (np.length > 0 && JOBS.has(stem(np[np.length - 1]!)) && rest.length > bare.length) {
      return this.work(subject, ['as', ...bare]);
    }
    this.frame(subject, 'is', bare, { single: false });
  }

  private name(subject: string, value: string[]): void {
    const owner = subject.includes('/') ? stem(subject.slice(subject.lastIndexOf('/') + 1)) : '';
    this.frame(subject, 'name', value, { single: !PLURAL_RELATIONS.has(owner) });
    for (const x of value) if (this.names.has(x)) this.subjects.add(x);
  }

  /** "works as a nurse at St Mary's in Denver": role and employer. */
  private work(subject: string, rest: string[]): void {
    let role: string[] | null = null;
    let employer: string[] | null = null;
    let field: string[] | null = null;
    let current: string[] | null = null;
    for (const x of rest) {
      if (x === 'as') current = role = [];
      else if (x === 'at' || x === 'for' || (x === 'with' && employer === null)) current = employer = [];
      else if (x === 'in' && employer === null && role === null) current = field = [];
      else if (x === 'in' && current) current = null;
      else current?.push(x);
    }
    if (role) this.frame(subject, 'role', stripDeterminers(role));
    if (employer) this.frame(subject, 'employer', stripDeterminers(employer));
    if (field) this.frame(subject, 'work-field', field, { single: false });
    if (!role && !employer && !field) this.frame(subject, 'verb:work', rest, { single: false });
  }

  private like(subject: string, rest: string[], positive = this.positive): void {
    if (['his', 'her', 'its', 'their'].includes(rest[0] ?? '')) {
      return this.frame(subject, 'fav:thing', rest.slice(1), { positive });
    }
    const stems = valueStems(rest);
    const classes = foodClasses(stems);
    if (classes.length > 0) return this.frame(subject, 'consume', rest, { classes, positive });
    this.frame(subject, 'like', rest, { positive });
  }

  private verb(subject: string, verb: string, rest: string[]): void {
    switch (verb) {
      case 'liv':
      case 'resid':
        if (rest[0] === 'in') return this.frame(subject, 'home', rest.slice(1));
        break;
      case 'mov':
      case 'relocat':
        if (rest[0] === 'to') return this.frame(subject, 'home', rest.slice(1));
        break;
      case 'work':
        return this.work(subject, rest);
      case 'start':
      case 'begin':
      case 'get':
      case 'accept': {
        const at = rest.findIndex((x) => x === 'at' || x === 'with' || x === 'for');
        if (at > 0 && rest.slice(0, at).some((x) => ['job', 'position', 'role'].includes(x))) {
          const after = rest.slice(at + 1);
          const as = after.indexOf('as');
          this.frame(subject, 'employer', as === -1 ? after : after.slice(0, as));
          if (as !== -1) this.frame(subject, 'role', stripDeterminers(after.slice(as + 1)));
          return;
        }
        break;
      }
      case 'join':
        if (rest.length > 0 && rest.length <= 4) return this.frame(subject, 'employer', stripDeterminers(rest));
        break;
      case 'eat':
      case 'drink': {
        const stems = valueStems(rest);
        const classes = foodClasses(stems);
        if (verb === 'drink' && stems.length === 0) classes.push('alcohol');
        return this.frame(subject, 'consume', rest, { classes });
      }
      case 'hav':
      case 'own':
        return this.have(subject, rest);
      case 'speak':
        return this.frame(subject, 'speak', rest);
      case 'play':
        return this.frame(subject, 'play', rest);
      case 'visit':
        return this.frame(subject, 'visit', rest);
      case 'travel':
      case 'travell':
        if (rest[0] === 'to') return this.frame(subject, 'visit', rest.slice(1));
        break;
      case 'driv':
        return this.frame(subject, 'drive', rest);
      case 'weigh':
        return this.frame(subject, 'weigh', rest);
      case 'turn':
        if (isNumber(rest[0])) return this.frame(subject, 'age', [rest[0]!]);
        break;
      case 'learn':
      case 'study':
        return this.frame(subject, 'learn', rest);
      case 'stand':
        // "can't stand spicy food": the negation already makes it a dislike
        if (!this.positive) return this.like(subject, rest);
        break;
      case 'quit':
      case 'stop':
      case 'avoid':
      case 'giv': {
        const object = verb === 'giv' && rest[0] === 'up' ? rest.slice(1) : rest;
        if (verb === 'giv' && rest[0] !== 'up') break;
        this.positive = !this.positive;
        if (/ing$/.test(object[0] ?? '')) return this.verb(subject, stem(object[0]!), object.slice(1));
        const classes = foodClasses(valueStems(object));
        if (classes.length > 0) return this.frame(subject, 'consume', object, { classes });
        return this.frame(subject, `verb:${stem(object[0] ?? verb)}`, object.slice(1), { single: false });
      }
      default:
        if (LIKE_VERBS.has(verb)) return this.like(subject, rest);
        if (DISLIKE_VERBS.has(verb)) return this.like(subject, rest, !this.positive);
    }
    this.frame(subject, `verb:${verb}`, rest, { single: false });
  }

  private have(subject: string, rest: string[]): void {
    // allergies: "has a peanut allergy", "has an allergy to cats"
    const allergy = rest.findIndex((x) => x === 'allergy' || x === 'allergies');
    if (allergy !== -1) {
      const value = rest[allergy + 1] === 'to' ? rest.slice(allergy + 2) : stripDeterminers(rest.slice(0, allergy));
      return this.frame(subject, 'allergy', value);
    }
    let positive = this.positive;
    if (rest[0] === 'no') positive = !positive;
    const bare = stripDeterminers(rest);
    const np: string[] = [];
    let i = 0;
    for (; i < bare.length; i++) {
      const x = bare[i]!;
      if (NAME_VERBS.has(x) || PREPOSITIONS.has(x) || ['and', 'who', 'that', 'which'].includes(x)) break;
      np.push(x);
    }
    if (np.length === 0) return this.frame(subject, 'verb:have', rest, { single: false, positive });
    const head = stem(np[np.length - 1]!);
    const stems = valueStems(np);
    const possession = classesOf([head], HAVE_CLASSES);
    const food = foodClasses(stems);
    if (food.length > 0 && possession.length === 0) return this.frame(subject, 'consume', bare, { classes: food, positive });
    const classes = [head, ...possession];
    if (NAME_VERBS.has(bare[i] ?? '')) {
      this.name(`${subject}/${head}`, bare.slice(i + 1));
      this.frame(subject, `have:${head}`, [], { single: false, implied: true, classes, positive });
      return;
    }
    this.frame(subject, `have:${head}`, rest.filter((x) => x !== 'a' && x !== 'an' && x !== 'the' && x !== 'no'), { single: false, classes, positive });
  }
}

function canonicalTail(np: string[]): string {
  const words = np.filter((x) => !MODIFIERS.has(x));
  if (words[0] === 'favourite') return `fav:${words.slice(1).map(stem).join(' ')}`;
  const phrase = words.join(' ');
  const known = ATTRIBUTE_NOUNS[phrase];
  if (known !== undefined) return known;
  return words.map(stem).join(' ') || np.map(stem).join(' ');
}

/** Reads a memory's content (and the extractor's entities) as frames. */
export function parseFact(content: string, entities: readonly string[] = []): Fact {
  const normal = normalise(content);
  const words = normal.text === '' ? [] : normal.text.split(' ');
  const parser = new FactParser(words, normal.names);
  if (words.length > 1) parser.parse();
  // Extractors also list common nouns ("meat", "any pets") as entities: only names written as names count.
  const named = entities.filter((e) => /^\p{Lu}/u.test(e)).map((e) => e.toLowerCase());
  const entitySet = new Set<string>([...normal.entities, ...named]);
  for (const name of normal.names) entitySet.add(name);
  return {
    frames: parser.frames,
    subjects: parser.subjects,
    entities: entitySet,
    change: normal.change,
    stems: contentStems(normal.text),
    words: meaningful(words).filter((w) => w.length > 1 || isNumber(w)),
    negations: countNegations(normal.text),
    anchor: parser.anchor,
  };
}

const FACT_CACHE_SIZE = 5000;
const facts = new Map<string, Fact>();

/**
 * `parseFact`, remembered for the last few thousand texts: a memory is read when it is a candidate, again when its
 * fact keys are written (store/fact-keys.ts), and again each time it is another candidate's neighbour. A fact
 * depends only on the text and the entities; callers must not change it.
 */
export function readFact(content: string, entities: readonly string[] = []): Fact {
  const id = entities.length === 0 ? content : `${content}\u0000${entities.join('\u0001')}`;
  let fact = facts.get(id);
  if (fact === undefined) {
    fact = parseFact(content, entities);
    if (facts.size >= FACT_CACHE_SIZE) facts.clear();
    facts.set(id, fact);
  }
  return fact;
}
