import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordCreation } from '../../src/core/history.js';
import type { Memory } from '../../src/core/memory.js';
import type { SearchCandidate, SearchRepository } from '../../src/core/ports.js';
import { porterStem } from '../../src/core/porter.js';
import {
  DEFAULT_RANKING,
  findDates,
  makeSnippet,
  markMatches,
  MAX_QUERY_TERMS,
  parseSearchQuery,
  rankCandidates,
  RAW_MARKS,
  searchMemories,
  speakerWords,
} from '../../src/core/search.js';
import { SqliteSearchRepository } from '../../src/store/search-repository.js';
import { openInMemoryStore, type SqliteStore } from '../../src/store/store.js';
import { makeMemory } from '../helpers/memories.js';

/** Inputs that break naive FTS5 queries (NOTES.md), plus the list. */
const HOSTILE = [
  'C++',
  'oat-milk',
  'NOT',
  '"',
  '(',
  ')',
  '*',
  'a@b.com',
  '2024-09-01',
  'the of and',
  '😀🐶',
  "it's",
  'ACME Corp.',
  '(dog',
  'dog)',
  'AND OR NOT NEAR',
  'NEAR(dog cat)',
  'content:dog',
  '^dog',
  'dog + cat - fish',
  '"unclosed phrase',
  '""',
  '" "',
  'x'.repeat(300),
  '\u0301',
  "O'Brien's café",
  '日本語のテキスト',
  'tab\tand\nnewline',
  '-dog',
  'dog*cat',
  '**',
  '"a" "b" "c"',
  'word '.repeat(2000),
];

describe('parseSearchQuery', () => {
  it.each([
    ['C++', '"c"'],
    ['oat-milk', '"oat milk"'],
    ['a@b.com', '"a b com"'],
    ['2024-09-01', '"2024 09 01"'],
    ['dog cat', '"dog" OR "cat"'],
    ['gard*', '"gard"*'],
    ['"support group"', '"support group"'],
    ['"the who"', '"the who"'],
    ["Caroline's dog", '"caroline" OR "dog"'],
    ['Dog DOG dog', '"dog"'],
    ['When did Caroline go to the support group?', '"caroline" OR "go" OR "support" OR "group"'],
  ])('%j -> %s', (text, expected) => {
    expect(parseSearchQuery(text).match).toBe(expected);
  });

  it.each([['NOT'], ['"'], ['('], ['*'], ['the of and'], ['😀'], [''], ['   '], ['user'], ['""'], ['What is it?']])(
    '%j leaves nothing to match',
    (text) => {
      expect(parseSearchQuery(text).match).toBeNull();
    },
  );

  it('keeps every word, stop words included, for boosts', () => {
    const q = parseSearchQuery("What did Caroline's sister say?");
    expect([...q.words]).toEqual(['what', 'did', 'caroline', 'sister', 'say']);
  });

  it(`caps a pasted page at ${MAX_QUERY_TERMS} terms`, () => {
    const words = Array.from({ length: 2000 }, (_, i) => `w${i}`).join(' ');
    expect(parseSearchQuery(words).terms).toHaveLength(MAX_QUERY_TERMS);
  });

  describe('every hostile input is a valid FTS5 expression (or none)', () => {
    let store: SqliteStore;
    beforeEach(() => {
      store = openInMemoryStore('tester');
      store.write(() => store.memories.insert(makeMemory({ content: 'User drinks oat-milk lattes and codes C++ at a@b.com on 2024-09-01' })));
    });
    afterEach(() => store.close());

    it.each(HOSTILE.map((h) => [h]))('%j', (text) => {
      const { match } = parseSearchQuery(text);
      if (match === null) return;
      expect(() => store.db.prepare('SELECT rowid FROM memories_fts WHERE memories_fts MATCH ?').all(match)).not.toThrow();
    });
  });
});

describe('findDates', () => {
  it.each([
    ['on 2024-09-01', [{ from: '2024-09-01', to: '2024-09-01' }]],
    ['on October 13, 2023', [{ from: '2023-10-13', to: '2023-10-13' }]],
    ['on 8th December, 2023', [{ from: '2023-12-08', to: '2023-12-08' }]],
    ['13 Oct 2023', [{ from: '2023-10-13', to: '2023-10-13' }]],
    ['in May 2023', [{ from: '2023-05-01', to: '2023-05-31' }]],
    ['during 2024-02', [{ from: '2024-02-01', to: '2024-02-31' }]],
    ['back in 2019', [{ from: '2019-01-01', to: '2019-12-31' }]],
    ['between August 11 and August 15 2023', [{ from: '2023-08-15', to: '2023-08-15' }]],
    ['camping in June', []],
    ['I have 3 dogs', []],
    ['no dates here', []],
  ])('%j', (text, spans) => {
    expect(findDates(text)).toEqual(spans);
  });
});

describe('porterStem', () => {
  it.each([
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['running', 'run'],
    ['hopping', 'hop'],
    ['hoping', 'hope'],
    ['relational', 'relat'],
    ['generalization', 'gener'],
    ['happy', 'happi'],
    ['dogs', 'dog'],
    ['yes', 'ye'],
    ['go', 'go'],
    ['café', 'café'],
  ])('%s -> %s', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });

  it('agrees with the FTS5 porter tokenizer on a varied vocabulary', () => {
    const db = new Database(':memory:');
    try {
      const text =
        'Caroline went to a powerful support group yesterday; relational generalizations, happily hopping ponies ' +
        'caresses agreed feed plastered motoring sing conflated troubled sized hopping tanned falling hissing fizzed ' +
        'failing filing happy sky conditional rational valenci hesitanci digitizer conformabli radicalli differentli ' +
        'vileli analogousli vietnamization predication operator feudalism decisiveness hopefulness callousness ' +
        'formaliti sensitiviti sensibiliti triplicate formative formalize electriciti electrical hopeful goodness ' +
        'revival allowance inference airliner gyroscopic adjustable defensible irritant replacement adjustment ' +
        'dependent adoption homologou communism activate angulariti homologous effective bowdlerize probate rate ' +
        'cease controll roll generously meetings';
      const words = [...new Set(text.toLowerCase().match(/[a-z]+/g))];
      db.exec("CREATE VIRTUAL TABLE words USING fts5(word, tokenize = 'porter ascii'); CREATE VIRTUAL TABLE v USING fts5vocab(words, instance);");
      const insert = db.prepare('INSERT INTO words(rowid, word) VALUES (?, ?)');
      words.forEach((w, i) => insert.run(i + 1, w));
      const stems = new Map((db.prepare('SELECT doc, term FROM v').all() as { doc: number; term: string }[]).map((r) => [r.doc, r.term]));
      expect(words.map((w) => porterStem(w))).toEqual(words.map((_, i) => stems.get(i + 1)));
    } finally {
      db.close();
    }
  });
});

describe('snippets', () => {
  const show = (marked: string): string => makeSnippet(marked, { open: '[', close: ']' });

  it('marks stemmed matches, phrases and prefixes as the index reads them', () => {
    expect(show(markMatches('Biggie loves dogs and other dog toys', parseSearchQuery('dog')))).toBe('Biggie loves [dogs] and other [dog] toys');
    expect(show(markMatches('I drink oat milk, oat bran and almond milk', parseSearchQuery('"oat milk"')))).toBe('I drink [oat milk], oat bran and almond milk');
    expect(show(markMatches('Gardening in the garden with a guard', parseSearchQuery('gard*')))).toBe('[Gardening] in the [garden] with a guard');
    expect(show(markMatches('Café au lait', parseSearchQuery('cafe')))).toBe('[Café] au lait');
    expect(show(markMatches('Oat-milk, oat and milk', parseSearchQuery('oat-milk')))).toBe('[Oat-milk], oat and milk');
  });

  it('cuts long content around the densest run of matches, marks always paired', () => {
    const words = Array.from({ length: 80 }, (_, i) => `w${i}`);
    words[50] = 'dog';
    words[52] = 'dog';
    const snippet = show(markMatches(words.join(' '), parseSearchQuery('dog')));
    expect(snippet.startsWith('… ')).toBe(true);
    expect(snippet.endsWith(' …')).toBe(true);
    expect(snippet).toContain('[dog] w51 [dog]');
    expect(snippet.split(' ').length).toBeLessThanOrEqual(26);
    expect(snippet.split('[').length).toBe(snippet.split(']').length);
  });

  it('shows short content whole and never leaks the raw markers', () => {
    const marked = markMatches(`has ${RAW_MARKS.open}control${RAW_MARKS.close} characters`, parseSearchQuery('control'));
    expect(show(marked)).toBe('has [control] characters');
  });
});

describe('speakerWords', () => {
  it.each([
    ['Caroline: I went to a support group', ['caroline']],
    ['Dr. Jane Smith: take two', ['dr', 'jane', 'smith']],
    ['Note: buy milk', ['note']],
    ['User has a dog called Biggie', []],
    ['The time is 10:30 now', []],
  ])('%j', (content, words) => {
    expect(speakerWords(content)).toEqual(words);
  });
});

function candidate(seq: number, overrides: Partial<SearchCandidate> = {}): SearchCandidate {
  return {
    seq,
    relevance: 1,
    type: 'episodic',
    category: 'conversation',
    confidence: 1,
    session: null,
    lastSeenAt: '2024-01-01T00:00:00.000Z',
    eventAt: null,
    eventEnd: null,
    head: '',
    saidAt: null,
    saidTimeZone: null,
    ...overrides,
  };
}

describe('rankCandidates', () => {
  const now = new Date('2024-06-01T00:00:00Z');
  const order = (cands: SearchCandidate[], text: string): number[] => rankCandidates(cands, parseSearchQuery(text), now).map((r) => r.candidate.seq);

  it('puts higher BM25 first and breaks ties by the newer memory', () => {
    expect(order([candidate(1, { relevance: 1 }), candidate(2, { relevance: 2 })], 'x')).toEqual([2, 1]);
    expect(order([candidate(1), candidate(2)], 'x')).toEqual([2, 1]);
  });

  it('boosts the memory whose speaker the query names', () => {
    const cands = [candidate(1, { relevance: 1.1, head: 'Melanie: we went camping' }), candidate(2, { relevance: 1, head: 'Caroline: we went camping' })];
    expect(order(cands, 'Did Caroline go camping?')).toEqual([2, 1]);
    expect(order(cands, 'Did anyone go camping?')).toEqual([1, 2]);
  });

  it('boosts the memory whose type or category the query names', () => {
    const cands = [candidate(1, { relevance: 1.1, type: 'preference', category: 'food' }), candidate(2, { relevance: 1, type: 'health', category: 'health/allergies' })];
    expect(order(cands, 'allergies')).toEqual([2, 1]);
    expect(order(cands, 'health peanuts')).toEqual([2, 1]);
    expect(order(cands, 'peanuts')).toEqual([1, 2]);
  });

  it('boosts memories said on, or happening on, a date the query names', () => {
    const said = candidate(1, { relevance: 1, saidAt: '2023-10-13T22:30:00.000Z', saidTimeZone: 'America/New_York' });
    const event = candidate(2, { relevance: 1, eventAt: '2023-05-20T14:00:00+02:00' });
    const other = candidate(3, { relevance: 1.2, saidAt: '2023-10-14T12:00:00.000Z', saidTimeZone: 'UTC' });
    expect(order([said, other], 'painting on October 13, 2023')).toEqual([1, 3]);
    expect(order([event, other], 'what happened in May 2023')).toEqual([2, 3]);
    expect(order([said, other], 'painting')).toEqual([3, 1]);
  });

  it('lets a memory gain from its neighbours in the same session, and brings in context that does not match', () => {
    const q = parseSearchQuery('adoption agencies research');
    const ranked = rankCandidates(
      [
        candidate(10, { relevance: 3, session: 's1' }),
        candidate(11, { relevance: 0, session: 's1' }),
        candidate(12, { relevance: 1, session: 's1' }),
        candidate(13, { relevance: 1.2, session: 's2' }),
        candidate(30, { relevance: 0, session: 's9' }),
      ],
      q,
      now,
    );
    const seqs = ranked.map((r) => r.candidate.seq);
    expect(seqs[0]).toBe(10);
    expect(seqs).toContain(11); // the reply right after the match
    expect(seqs).not.toContain(30); // neither matches nor touches a match
    expect(seqs.indexOf(12)).toBeLessThan(seqs.indexOf(13)); // 12 is two turns from the best match
  });

  it('never lets context cross sessions or memories without one', () => {
    const ranked = rankCandidates([candidate(1, { relevance: 2, session: 'a' }), candidate(2, { relevance: 0, session: 'b' }), candidate(3, { relevance: 0 })], parseSearchQuery('x y'), now);
    expect(ranked.map((r) => r.candidate.seq)).toEqual([1]);
  });

  it('prefers recent and confident memories when relevance is equal', () => {
    const old = candidate(2, { lastSeenAt: '2022-01-01T00:00:00.000Z' });
    const fresh = candidate(1, { lastSeenAt: '2024-05-30T00:00:00.000Z' });
    expect(order([old, fresh], 'x')).toEqual([1, 2]);
    expect(order([candidate(2, { confidence: 0.3 }), candidate(1, { confidence: 0.9 })], 'x')).toEqual([1, 2]);
  });

  it('each boost can be switched off', () => {
    const cands = [candidate(1, { relevance: 1.1, head: 'Melanie: x' }), candidate(2, { relevance: 1, head: 'Caroline: x' })];
    const ranked = rankCandidates(cands, parseSearchQuery('Caroline'), now, { ...DEFAULT_RANKING, speakerBoost: 0 });
    expect(ranked.map((r) => r.candidate.seq)).toEqual([1, 2]);
  });
});

describe('searchMemories', () => {
  const now = new Date('2024-06-01T00:00:00Z');

  it('fetches only the context that can reach the page, and ranks as if it had fetched all of it', () => {
    // Twelve matches in sessions of their own, the best far ahead of the rest; every match has a turn on each side.
    const matches = Array.from({ length: 12 }, (_, i) =>
      candidate(10 * (i + 1), { relevance: i === 0 ? 20 : 10 - i * 0.1, session: `s${i}`, lastSeenAt: now.toISOString() }),
    );
    const turns = matches.flatMap((m) => [m.seq - 1, m.seq + 1].map((seq) => candidate(seq, { relevance: 0, session: m.session, lastSeenAt: now.toISOString() })));
    const asked: number[] = [];
    const repo: SearchRepository = {
      matches: () => matches,
      context: (seqs) => {
        asked.push(...seqs);
        return turns.filter((t) => seqs.includes(t.seq));
      },
      load: (seqs) => seqs.map((seq) => makeMemory({ content: `turn ${seq}` })),
    };
    const hits = searchMemories(repo, 'adoption agencies', {}, { limit: 10, offset: 0, now });
    const everything = rankCandidates([...matches, ...turns], parseSearchQuery('adoption agencies'), now).slice(0, 10);
    expect(hits.map((h) => h.memory.content)).toEqual(everything.map((r) => `turn ${r.candidate.seq}`));
    // Half the best match's score can beat the tenth match; half of any other match's cannot.
    expect(asked.sort((a, b) => a - b)).toEqual([9, 11]);
    expect(hits.map((h) => h.memory.content)).toContain('turn 11');
  });
});

describe('search over a store', () => {
  let store: SqliteStore;
  let search: SqliteSearchRepository;
  const now = new Date('2024-06-01T00:00:00Z');
  const add = (overrides: Partial<Memory>): Memory => {
    const m = makeMemory({ createdAt: '2024-05-01T00:00:00.000Z', ...overrides });
    store.write(() => {
      store.memories.insert(m);
      recordCreation(store, m, { actor: 'test', at: m.createdAt });
    });
    return m;
  };
  const find = (text: string, filter = {}, limit = 10, offset = 0): string[] =>
    store.read(() => search.search(text, filter, { limit, offset, now })).map((h) => h.memory.content);

  beforeEach(() => {
    store = openInMemoryStore('tester');
    search = new SqliteSearchRepository(store.db, store.user);
  });
  afterEach(() => store.close());

  it('answers a question with the turn that holds the answer', () => {
    const turns = [
      'Caroline: Hey Mel! Good to see you! How have you been?',
      "Melanie: Hey Caroline! I'm swamped with the kids & work. What's up with you?",
      'Caroline: I went to a LGBTQ support group yesterday and it was so powerful.',
      'Melanie: Wow, that sounds great. What happened there?',
      'Caroline: The transgender stories were so inspiring!',
      'Melanie: I ran a charity race for mental health last Saturday.',
    ];
    turns.forEach((content, i) => add({ content, type: 'episodic', category: 'conversation', source: { messageId: null, ref: `D1:${i + 1}`, session: 'D1' } }));
    expect(find('When did Caroline go to the support group?')[0]).toBe(turns[2]);
    expect(find('Who ran a charity race?')[0]).toBe(turns[5]);
  });

  it('returns nothing for queries with nothing to match, and never fails on hostile text', () => {
    add({ content: 'User drinks oat-milk lattes' });
    for (const text of HOSTILE) expect(() => find(text)).not.toThrow();
    expect(find('the of and')).toEqual([]);
    expect(find('oat-milk')).toEqual(['User drinks oat-milk lattes']);
  });

  it('searches active memories only unless asked, and applies the shared filters', () => {
    const dog = add({ content: 'User has a dog called Biggie', type: 'relational', category: 'pets/dogs', confidence: 0.9 });
    add({ content: 'User walks the dog every morning', type: 'procedural', category: 'routines', confidence: 0.5 });
    const gone = add({ content: 'User had a dog called Rex', type: 'relational', category: 'pets/dogs' });
    store.write(() => store.memories.update(gone.id, { status: 'deleted' }, '2024-05-02T00:00:00.000Z'));
    expect(find('dog')).toHaveLength(2);
    expect(find('dog', { statuses: ['deleted'] })).toEqual(['User had a dog called Rex']);
    expect(find('dog', { types: ['relational'] })).toEqual([dog.content]);
    expect(find('dog', { categories: ['pets'] })).toEqual([dog.content]);
    expect(find('dog', { minConfidence: 0.8 })).toEqual([dog.content]);
    expect(find('dog', { since: new Date('2024-06-01T00:00:00Z') })).toEqual([]);
  });

  it('pages with limit and offset over the same ranking', () => {
    for (let i = 0; i < 15; i++) add({ content: `Note ${i} about the garden ${'garden '.repeat(i % 3)}` });
    const all = find('garden', {}, 15);
    expect(all).toHaveLength(15);
    expect(find('garden', {}, 5, 5)).toEqual(all.slice(5, 10));
  });

  it('finds active matches behind many better-ranked deleted ones', () => {
    for (let i = 0; i < 300; i++) add({ content: `dog dog dog ${i}`, status: 'deleted' });
    add({ content: 'a dog among many other words that dilute the score of this one' });
    expect(find('dog')).toEqual(['a dog among many other words that dilute the score of this one']);
  });

  it('reports score and snippet', () => {
    add({ content: 'User is allergic to peanuts', type: 'health', category: 'health/allergies' });
    const [hit] = store.read(() => search.search('peanut allergy', {}, { limit: 10, offset: 0, now }));
    expect(hit!.score).toBeGreaterThan(0);
    expect(makeSnippet(hit!.marked, { open: '**', close: '**' })).toBe('User is allergic to **peanuts**');
  });
});
