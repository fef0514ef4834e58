import type { Memory } from './memory.js';
import { porterStem } from './porter.js';
import type { MemoryFilter, SearchCandidate, SearchRepository } from './ports.js';

/**
 * Full-text search: turning any text into a safe FTS5 expression, and ranking what the index returns. Pure: the
 * SQL lives in src/store/search-repository.ts behind the SearchRepository port.
 *
 * Ranking, in order (every step is measured in scripts/eval-recall.mjs):
 *  1. BM25 from FTS5 over content, entities, category and type (column weights below), porter stemming, stop
 *     words left out of the match, query terms OR-ed so a question finds the turn that holds its answer;
 *  2. boosts when the query names the memory's speaker ("Caroline: ..."), its type or category, or a date the
 *     memory was said on or happens on;
 *  3. context: a memory gains part of the score of its neighbours in the same session (a reply scores with the
 *     question it answers), and neighbours of the best matches join the candidates;
 *  4. a gentle recency boost and the memory's confidence.
 */

/** English stop words: left out of the match (they would only add noise and cost), kept inside quoted phrases. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all am an and any are aren't as at be because been before being below " +
    "between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each " +
    "few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers " +
    "herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself let's me more " +
    "most mustn't my myself no nor not of off on once only or other ought our ours ourselves out over own same " +
    "shan't she she'd she'll she's should shouldn't so some such than that that's the their theirs them " +
    "themselves then there there's these they they'd they'll they're they've this those through to too under " +
    "until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's which " +
    "while who who's whom why why's with won't would wouldn't you you'd you'll you're you've your yours yourself " +
    // Every memory is about the user ("User has a dog called Biggie"): the word ranks nothing and matches everything.
    'yourselves user users'
  ).split(' '),
);

/** Most terms a query sends to the index; a pasted page of text keeps its first ones. */
export const MAX_QUERY_TERMS = 32;

/** The knobs of ranking; `DEFAULT_RANKING` is what `harmonia search` uses (scripts/eval-recall.mjs measures each). */
export interface Ranking {
  /** Multiplier when the query names who said the memory ("Caroline: ..."). */
  speakerBoost: number;
  /** Multiplier when the query names the memory's type or a segment of its category. */
  kindBoost: number;
  /** Multiplier when the memory was said on, or happens on, a date the query names. */
  dateBoost: number;
  /** Share of a neighbour's score a memory gains, by distance in its session (1 turn away, 2 turns away, ...). */
  context: readonly number[];
  /** Neighbours of the best matches join the results even when they do not match (queries of 2+ terms only). */
  contextJoins: boolean;
  /** Fresh memories get up to this much more, halving every `recencyHalfLifeDays`. */
  recencyBoost: number;
  recencyHalfLifeDays: number;
  /** Score multiplier at confidence 0 (1 at confidence 1). */
  confidenceFloor: number;
}

export const DEFAULT_RANKING: Readonly<Ranking> = Object.freeze({
  speakerBoost: 0.2,
  kindBoost: 0.25,
  dateBoost: 0.5,
  context: [0.5, 0.15],
  contextJoins: true,
  recencyBoost: 0.15,
  recencyHalfLifeDays: 90,
  confidenceFloor: 0.6,
});

/** bm25() column weights: content, entities, category, type (the column order of memories_fts). */
export const COLUMN_WEIGHTS = [1, 0.75, 0.5, 0.5] as const;

export interface QueryTerm {
  /** Word tokens, lower-cased; more than one makes a phrase (`"oat milk"`). */
  tokens: string[];
  /** A trailing `*`: the last token is a prefix. */
  prefix: boolean;
}

/** A calendar span named in the query, as inclusive local dates `YYYY-MM-DD`. */
export interface DateSpan {
  from: string;
  to: string;
}

export interface SearchQuery {
  text: string;
  /** What goes to MATCH (stop words dropped, deduplicated, capped). */
  terms: QueryTerm[];
  /** Every word of the query, stop words included, lower-cased with clitics removed (for speaker/type boosts). */
  words: Set<string>;
  dates: DateSpan[];
  /** The FTS5 expression, or null when nothing is left to match (then search returns nothing). */
  match: string | null;
}

// Unicode property classes cost V8 about a millisecond each to compile, in every process: ASCII text (most queries
// and memories) takes the plain classes, which tokenize it the way unicode61 does.
const ASCII = /^[\x00-\x7f]*$/;
const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
const TOKEN_ASCII = /[A-Za-z0-9]+/g;
const PREFIX = /[\p{L}\p{N}\p{M}]\*+$/u;
const PREFIX_ASCII = /[A-Za-z0-9]\*+$/;
const EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}\p{M}]+$/gu;
const EDGES_ASCII = /^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g;
const SPEAKER = /^\s*([\p{L}][\p{L}\p{M} .'-]{0,40}?)\s*:\s/u;
const SPEAKER_ASCII = /^\s*([A-Za-z][A-Za-z .'-]{0,40}?)\s*:\s/;

function tokenPattern(text: string): RegExp {
  return ASCII.test(text) ? TOKEN_ASCII : TOKEN;
}
const CLITIC = /'(?:s|re|ve|ll|d|m|t)$|s'$/;

function wordTokens(text: string): string[] {
  return text.toLowerCase().match(tokenPattern(text)) ?? [];
}

/** Splits a query into chunks: double-quoted phrases (an unclosed quote runs to the end) and whitespace words. */
function chunks(text: string): { text: string; quoted: boolean }[] {
  const out: { text: string; quoted: boolean }[] = [];
  const re = /"([^"]*)"?|[^\s"]+/g;
  for (const m of text.matchAll(re)) {
    if (m[0].startsWith('"')) out.push({ text: m[1] ?? '', quoted: true });
    else out.push({ text: m[0], quoted: false });
  }
  return out;
}

/** One whitespace-separated word of the query as a term: `oat-milk` -> phrase, `garden*` -> prefix, stop words -> null. */
function bareTerm(chunk: string): QueryTerm | null {
  let text = chunk.normalize('NFC').toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'");
  const ascii = ASCII.test(text);
  const prefix = (ascii ? PREFIX_ASCII : PREFIX).test(text);
  text = text.replace(ascii ? EDGES_ASCII : EDGES, '');
  if (STOP_WORDS.has(text)) return null;
  text = text.replace(CLITIC, '');
  const tokens = wordTokens(text);
  if (tokens.length === 0) return null;
  if (!prefix && tokens.every((t) => STOP_WORDS.has(t))) return null;
  return { tokens, prefix };
}

function termKey(term: QueryTerm): string {
  return `${term.tokens.join(' ')}${term.prefix ? '*' : ''}`;
}

/** An FTS5 string literal: every token quoted, inner quotes doubled, so no user text is ever read as syntax. */
function ftsTerm(term: QueryTerm): string {
  return `"${term.tokens.join(' ').replace(/"/g, '""')}"${term.prefix ? '*' : ''}`;
}

/** Turns any text into a query: never throws, never yields FTS5 syntax from user text. */
export function parseSearchQuery(text: string): SearchQuery {
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  const words = new Set<string>();
  for (const chunk of chunks(text)) {
    for (const w of wordTokens(chunk.text.replace(/[\u2018\u2019\u02bc]/g, "'").replace(/'(?:s|re|ve|ll|d|m|t)\b/gi, ''))) words.add(w);
    let term: QueryTerm | null;
    if (chunk.quoted) {
      const tokens = wordTokens(chunk.text.normalize('NFC'));
      term = tokens.length > 0 ? { tokens, prefix: /\*\s*$/.test(chunk.text) } : null;
    } else {
      term = bareTerm(chunk.text);
    }
    if (!term || terms.length >= MAX_QUERY_TERMS) continue;
    const key = termKey(term);
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
  }
  return {
    text,
    terms,
    words,
    dates: findDates(text),
    match: terms.length > 0 ? terms.map(ftsTerm).join(' OR ') : null,
  };
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const DATE_PATTERNS: { re: RegExp; span: (m: RegExpExecArray) => DateSpan | null }[] = [
  { re: /\b(\d{4})-(\d{2})-(\d{2})\b/g, span: (m) => day(+m[1]!, +m[2]!, +m[3]!) },
  { re: new RegExp(`\\b${MONTH}\\s+${DAY},?\\s+(\\d{4})\\b`, 'gi'), span: (m) => day(+m[3]!, monthNumber(m[1]!), +m[2]!) },
  { re: new RegExp(`\\b${DAY}\\s+(?:of\\s+)?${MONTH},?\\s+(\\d{4})\\b`, 'gi'), span: (m) => day(+m[3]!, monthNumber(m[2]!), +m[1]!) },
  { re: /\b(\d{4})-(\d{2})\b/g, span: (m) => month(+m[1]!, +m[2]!) },
  { re: new RegExp(`\\b${MONTH},?\\s+(\\d{4})\\b`, 'gi'), span: (m) => month(+m[2]!, monthNumber(m[1]!)) },
  { re: /\b(19\d{2}|20\d{2})\b/g, span: (m) => ({ from: `${m[1]}-01-01`, to: `${m[1]}-12-31` }) },
];

function monthNumber(name: string): number {
  const prefix = name.toLowerCase().slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(prefix)) + 1;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function day(y: number, mo: number, d: number): DateSpan | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const key = `${y}-${pad(mo)}-${pad(d)}`;
  return { from: key, to: key };
}

function month(y: number, mo: number): DateSpan | null {
  if (mo < 1 || mo > 12) return null;
  return { from: `${y}-${pad(mo)}-01`, to: `${y}-${pad(mo)}-31` };
}

/**
 * Calendar dates the query names: `2024-09-01`, `October 13, 2023`, `13 October 2023`, `May 2023`, `2024-09`,
 * `2023`. The most specific reading of each piece of text wins (the year of a full date is not a year of its own).
 */
export function findDates(text: string): DateSpan[] {
  const spans: DateSpan[] = [];
  if (!/\d/.test(text)) return spans; // every pattern has digits; skips compiling them for most queries
  const used: [number, number][] = [];
  for (const { re, span } of DATE_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (used.some(([a, b]) => start < b && end > a)) continue;
      const s = span(m);
      if (!s) continue;
      used.push([start, end]);
      spans.push(s);
    }
  }
  return spans;
}

/** Light plural folding for comparing query words with type names and category segments ("dogs" ~ "dog"). */
function fold(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** Who said a memory stored as a transcript line ("Caroline: I went to ..."), as lower-case words. */
export function speakerWords(content: string): string[] {
  if (!content.includes(':')) return []; // both patterns need a colon: most memories are rejected without a regex
  const m = (ASCII.test(content) ? SPEAKER_ASCII : SPEAKER).exec(content);
  if (!m) return [];
  const words = wordTokens(m[1]!);
  return words.length <= 4 ? words : [];
}

/** Local calendar date (YYYY-MM-DD) of a UTC instant in a zone; formatters are cached per zone. */
const dateFormatters = new Map<string, Intl.DateTimeFormat>();
export function localDate(isoUtc: string, timeZone: string | null): string | null {
  const ms = Date.parse(isoUtc);
  if (Number.isNaN(ms)) return null;
  const zone = timeZone ?? 'UTC';
  let format = dateFormatters.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      format = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
    }
    dateFormatters.set(zone, format);
  }
  return format.format(new Date(ms));
}

function namesDate(c: SearchCandidate, dates: readonly DateSpan[]): boolean {
  const said = c.saidAt ? localDate(c.saidAt, c.saidTimeZone) : null;
  // event_at carries the user's offset, so its first ten characters are the local date.
  const eventFrom = c.eventAt ? c.eventAt.slice(0, 10) : null;
  const eventTo = c.eventEnd ? c.eventEnd.slice(0, 10) : eventFrom;
  return dates.some(
    (d) => (said !== null && said >= d.from && said <= d.to) || (eventFrom !== null && eventTo !== null && eventFrom <= d.to && eventTo >= d.from),
  );
}

function namesKind(c: SearchCandidate, folded: ReadonlySet<string>): boolean {
  if (folded.has(fold(c.type))) return true;
  return c.category.split('/').some((segment) => segment !== '' && folded.has(fold(segment.toLowerCase())));
}

/** namesKind remembered per type and category for one query: a pool repeats the same few of each. */
function kindNamer(folded: ReadonlySet<string>): (c: SearchCandidate) => boolean {
  const types = new Map<string, boolean>();
  const categories = new Map<string, boolean>();
  return (c) => {
    let named = types.get(c.type);
    if (named === undefined) types.set(c.type, (named = folded.has(fold(c.type))));
    if (named) return true;
    named = categories.get(c.category);
    if (named === undefined) {
      named = c.category.split('/').some((segment) => segment !== '' && folded.has(fold(segment.toLowerCase())));
      categories.set(c.category, named);
    }
    return named;
  };
}

/** directScore for each candidate, by seq. */
export function directScores(
  candidates: readonly SearchCandidate[],
  query: SearchQuery,
  ranking: Ranking = DEFAULT_RANKING,
): Map<number, number> {
  const folded = new Set([...query.words].map(fold));
  const namesKindOf = kindNamer(folded);
  const scores = new Map<number, number>();
  for (const c of candidates) scores.set(c.seq, directScore(c, query, folded, ranking, namesKindOf));
  return scores;
}

/** Relevance of one candidate before context: BM25 times the boosts the query earns it. */
export function directScore(
  c: SearchCandidate,
  query: SearchQuery,
  folded: ReadonlySet<string>,
  ranking: Ranking = DEFAULT_RANKING,
  namesKindOf: (c: SearchCandidate) => boolean = (x) => namesKind(x, folded),
): number {
  if (c.relevance <= 0) return 0;
  let score = c.relevance;
  if (ranking.speakerBoost && speakerWords(c.head).some((w) => query.words.has(w))) score *= 1 + ranking.speakerBoost;
  if (ranking.kindBoost && namesKindOf(c)) score *= 1 + ranking.kindBoost;
  if (ranking.dateBoost && query.dates.length > 0 && namesDate(c, query.dates)) score *= 1 + ranking.dateBoost;
  return score;
}

export function recencyFactor(iso: string, now: Date, ranking: Ranking = DEFAULT_RANKING): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return 1;
  const ageDays = Math.max(0, (now.getTime() - ms) / 86_400_000);
  return 1 + ranking.recencyBoost * 0.5 ** (ageDays / ranking.recencyHalfLifeDays);
}

export function confidenceFactor(confidence: number, ranking: Ranking = DEFAULT_RANKING): number {
  return ranking.confidenceFloor + (1 - ranking.confidenceFloor) * Math.min(1, Math.max(0, confidence));
}

export interface Ranked {
  candidate: SearchCandidate;
  score: number;
}

/**
 * Ranks matches plus their context. `candidates` holds the index's matches (relevance > 0) and memories fetched as
 * the neighbours of the best ones (relevance 0); neighbours are memories of the same session at most
 * `ranking.context.length` apart in the order they were remembered. Memories that neither match nor touch a match
 * are dropped. Best first; ties go to the newer memory.
 */
export function rankCandidates(
  candidates: readonly SearchCandidate[],
  query: SearchQuery,
  now: Date,
  ranking: Ranking = DEFAULT_RANKING,
  direct: Map<number, number> = directScores(candidates, query, ranking),
): Ranked[] {
  const bySeq = new Map(candidates.map((c) => [c.seq, c]));
  const ranked: Ranked[] = [];
  for (const c of candidates) {
    const score = finalScore(c, bySeq, direct, now, ranking);
    if (score !== null) ranked.push({ candidate: c, score });
  }
  return ranked.sort(byScore);
}

/** Best first; ties go to the newer memory. */
function byScore(a: Ranked, b: Ranked): number {
  return b.score - a.score || b.candidate.seq - a.candidate.seq;
}

/**
 * One candidate's score: its direct score (0 unless it matches) plus shares of its neighbours' in the same session,
 * times its recency and confidence; null when it neither matches nor touches a match.
 */
function finalScore(
  c: SearchCandidate,
  bySeq: ReadonlyMap<number, SearchCandidate>,
  direct: ReadonlyMap<number, number>,
  now: Date,
  ranking: Ranking,
): number | null {
  let score = direct.get(c.seq) ?? 0;
  if (c.session !== null) {
    for (let i = 0; i < ranking.context.length; i++) {
      let best = 0;
      const before = bySeq.get(c.seq - i - 1);
      if (before && before.session === c.session) best = Math.max(best, direct.get(before.seq) ?? 0);
      const after = bySeq.get(c.seq + i + 1);
      if (after && after.session === c.session) best = Math.max(best, direct.get(after.seq) ?? 0);
      score += ranking.context[i]! * best;
    }
  }
  if (score <= 0) return null;
  return score * recencyFactor(c.lastSeenAt, now, ranking) * confidenceFactor(c.confidence, ranking);
}

/**
 * The most a memory that does not match can score at `seq`, from the matches around it (whatever their session and
 * its own recency and confidence turn out to be). A memory that does not match adds nothing to its neighbours'
 * scores, so when this is below the score the page's last match already has, fetching it cannot change the page.
 */
export function contextCeiling(seq: number, direct: ReadonlyMap<number, number>, ranking: Ranking = DEFAULT_RANKING): number {
  if (!(ranking.recencyHalfLifeDays > 0)) return Infinity;
  let bound = 0;
  for (let i = 0; i < ranking.context.length; i++) {
    const best = Math.max(direct.get(seq - i - 1) ?? 0, direct.get(seq + i + 1) ?? 0);
    bound += Math.max(0, ranking.context[i]! * best);
  }
  // The margin covers rounding: the bound must never fall below a score computed in another order.
  return bound * Math.max(1, 1 + ranking.recencyBoost) * Math.max(1, ranking.confidenceFloor) * (1 + 1e-9);
}

/** Sequence numbers whose memories may be context for the given matches (same session, a few turns away). */
export function contextSeqs(roots: readonly SearchCandidate[], known: { has(seq: number): boolean }, radius: number): number[] {
  const out = new Set<number>();
  for (const r of roots) {
    if (r.session === null) continue;
    for (let d = 1; d <= radius; d++) {
      for (const seq of [r.seq - d, r.seq + d]) if (seq > 0 && !known.has(seq)) out.add(seq);
    }
  }
  return [...out];
}

const indexForms = new Map<string, string>();

/** A word as the index sees it: diacritics removed, lower case, Porter-stemmed (unicode61 + porter). Memoised. */
export function indexForm(word: string): string {
  let form = indexForms.get(word);
  if (form === undefined) {
    form = porterStem(ASCII.test(word) ? word.toLowerCase() : word.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase());
    if (indexForms.size >= 20_000) indexForms.clear();
    indexForms.set(word, form);
  }
  return form;
}

interface TermMatcher {
  stems: string[];
  prefix: boolean;
}

function termMatchers(query: SearchQuery): TermMatcher[] {
  return query.terms.map((t) => ({ stems: t.tokens.map(indexForm), prefix: t.prefix }));
}

function tokenMatches(stem: string, want: string, prefix: boolean): boolean {
  return prefix ? stem.startsWith(want) : stem === want;
}

/**
 * `content` with RAW_MARKS around every word the query matched (phrases word by word, prefixes by their start),
 * the way the index reads both: the same tokenizer rules and the same stemmer.
 */
export function markMatches(text: string, query: SearchQuery, matchers: TermMatcher[] = termMatchers(query)): string {
  const content = text.includes(RAW_MARKS.open) || text.includes(RAW_MARKS.close) ? text.replace(/[\u0002\u0003]/g, '') : text;
  const ascii = ASCII.test(content);
  const pattern = ascii ? TOKEN_ASCII : TOKEN;
  const starts: number[] = [];
  const ends: number[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(content); m; m = pattern.exec(content)) {
    starts.push(m.index);
    ends.push(m.index + m[0].length);
  }
  pattern.lastIndex = 0;
  // Stems are worked out only for the tokens a query stem could match. Stemming never changes an ASCII word's first
  // letter (beyond its case), so an ASCII token whose first character differs from the stem's first is no match.
  const stems = new Array<string | undefined>(starts.length);
  const matches = (i: number, want: string, prefix: boolean): boolean => {
    if (ascii && (content.charCodeAt(starts[i]!) | 0x20) !== want.charCodeAt(0)) return false;
    const stem = (stems[i] ??= indexForm(content.slice(starts[i], ends[i])));
    return tokenMatches(stem, want, prefix);
  };
  const marked = new Array<boolean>(starts.length).fill(false);
  // A phrase is marked as one span, as FTS5's highlight() does: "**oat milk**", "**oat-milk**".
  const joined = new Array<boolean>(starts.length).fill(false);
  for (const { stems: wanted, prefix } of matchers) {
    for (let i = 0; i + wanted.length <= starts.length; i++) {
      let ok = true;
      for (let j = 0; j < wanted.length && ok; j++) ok = matches(i + j, wanted[j]!, prefix && j === wanted.length - 1);
      if (!ok) continue;
      for (let j = 0; j < wanted.length; j++) {
        marked[i + j] = true;
        if (j > 0) joined[i + j - 1] = true;
      }
    }
  }
  let out = '';
  let at = 0;
  for (let i = 0; i < starts.length; i++) {
    if (!marked[i]) continue;
    const opens = i === 0 || !joined[i - 1];
    out += `${content.slice(at, starts[i])}${opens ? RAW_MARKS.open : ''}${content.slice(starts[i], ends[i])}${joined[i] ? '' : RAW_MARKS.close}`;
    at = ends[i]!;
  }
  return out + content.slice(at);
}

/** Marks around matched terms inside a snippet. */
export interface SnippetMarks {
  open: string;
  close: string;
}

/** The markers the store puts around matched terms before the snippet is cut (control characters never typed). */
export const RAW_MARKS: SnippetMarks = { open: '\u0002', close: '\u0003' };
export const SNIPPET_WORDS = 24;

/**
 * A short extract of `marked` (content with RAW_MARKS around matched terms) centred on the densest run of
 * matches, cut at word boundaries with `…`, with the marks replaced by `marks`.
 */
export function makeSnippet(marked: string, marks: SnippetMarks, maxWords = SNIPPET_WORDS): string {
  const clean = marked.replace(/\s+/g, ' ').trim();
  const words = clean.split(' ');
  let start = 0;
  if (words.length > maxWords) {
    const hit = words.map((w) => (w.includes(RAW_MARKS.open) ? 1 : 0));
    let best = -1;
    let sum = 0;
    for (let i = 0; i < words.length; i++) {
      sum += hit[i]!;
      if (i >= maxWords) sum -= hit[i - maxWords]!;
      const from = Math.max(0, i - maxWords + 1);
      if (i >= maxWords - 1 && sum > best) {
        best = sum;
        start = from;
      }
    }
    // Show a little before the first match of the window rather than starting on it.
    const firstHit = hit.indexOf(1, start);
    if (best > 0 && firstHit - start > maxWords / 2) start = Math.min(words.length - maxWords, firstHit - 3);
  }
  const end = Math.min(words.length, start + maxWords);
  let text = words.slice(start, end).join(' ');
  // A mark cut in half by the window is closed (or dropped) so markers always pair up.
  const opens = text.split(RAW_MARKS.open).length - 1;
  const closes = text.split(RAW_MARKS.close).length - 1;
  if (opens > closes) text += RAW_MARKS.close;
  if (closes > opens) text = text.replace(RAW_MARKS.close, '');
  if (start > 0) text = `… ${text}`;
  if (end < words.length) text = `${text} …`;
  return text.split(RAW_MARKS.open).join(marks.open).split(RAW_MARKS.close).join(marks.close);
}

export interface SearchOptions {
  limit: number;
  offset: number;
  now: Date;
  /** Overrides of DEFAULT_RANKING (the recall evaluation measures each part this way). */
  ranking?: Partial<Ranking>;
}

export interface SearchHit {
  memory: Memory;
  score: number;
  /** Content extract with matched terms between RAW_MARKS. */
  marked: string;
}

/** How many index matches to rank for a page: enough that context cannot pull in something we never saw. */
export function poolSize(limit: number, offset: number): number {
  return Math.max(50, 3 * (limit + offset));
}

/** Scores are reported rounded: enough digits to order by, none that pretend to precision. */
export function roundScore(score: number): number {
  return Number(score.toPrecision(4));
}

/**
 * The whole search: parse, fetch matches, fetch their context, rank, page, load the page's records. Empty and
 * stop-word-only queries return nothing without touching the index.
 */
export function searchMemories(repo: SearchRepository, text: string, filter: MemoryFilter, options: SearchOptions): SearchHit[] {
  const query = parseSearchQuery(text);
  if (query.match === null || options.limit <= 0) return [];
  const ranking: Ranking = { ...DEFAULT_RANKING, ...options.ranking };
  const need = options.limit + options.offset;
  // Only a query that names a date reads the memories' times (event, and when said).
  const withDates = query.dates.length > 0;
  const matches = repo.matches(query.match, filter, poolSize(options.limit, options.offset), withDates);
  if (matches.length === 0) return [];
  const direct = directScores(matches, query, ranking);
  const bySeq = new Map(matches.map((c) => [c.seq, c]));
  const ranked: Ranked[] = [];
  for (const c of matches) {
    const score = finalScore(c, bySeq, direct, options.now, ranking);
    if (score !== null) ranked.push({ candidate: c, score });
  }
  ranked.sort(byScore);
  // One keyword finds the memories that contain it; a description or a question may be answered by the reply next
  // to the memory that matches it, so its neighbours join. They score only through the matches beside them, so the
  // matches' scores are final already, and a neighbour whose ceiling is below the page's last match is not fetched.
  if (ranking.contextJoins && query.terms.length >= 2 && ranking.context.length > 0) {
    const roots = [...matches].sort((a, b) => direct.get(b.seq)! - direct.get(a.seq)!).slice(0, need);
    const bar = ranked.length >= need ? ranked[need - 1]!.score : -Infinity;
    // Only the turns right before and after join: two turns away they add cost, not recall (eval-recall).
    const around = contextSeqs(roots, bySeq, 1).filter((seq) => contextCeiling(seq, direct, ranking) >= bar);
    const context = around.length > 0 ? repo.context(around, filter, withDates) : [];
    if (context.length > 0) {
      for (const c of context) bySeq.set(c.seq, c);
      for (const c of context) {
        const score = finalScore(c, bySeq, direct, options.now, ranking);
        if (score !== null) ranked.push({ candidate: c, score });
      }
      ranked.sort(byScore);
    }
  }
  const page = ranked.slice(options.offset, need);
  if (page.length === 0) return [];
  const memories = repo.load(page.map((r) => r.candidate.seq));
  const matchers = termMatchers(query);
  return page.map((r, i) => {
    const memory = memories[i]!;
    return { memory, marked: markMatches(memory.content, query, matchers), score: roundScore(r.score) };
  });
}
