/**
 * From a raw chat message to the clauses the rules read: one spelling for contractions, sentences split where
 * they end, sentences split into clauses where a new subject starts, and questions and requests set aside.
 */
import { OPENERS } from './lexicon.js';

/** A clause worth reading: a statement, not a question or a request to the assistant. */
export interface Clause {
  /** Normalised text (contractions expanded), original casing. */
  text: string;
}

type Replacements = Array<[RegExp, string]>;

/** Each group runs only when its cheap test finds something to do: most messages need few of them. */
const REPLACEMENT_GROUPS: Array<[RegExp, Replacements]> = [
  [
    /[\u2018\u2019\u02bc`\u00b4\u201c\u201d]/,
    [
      [/[\u2018\u2019\u02bc`\u00b4]/g, "'"],
      [/[\u201c\u201d]/g, '"'],
    ],
  ],
  // Tokenised text ("i love it , really .") back to ordinary spacing.
  [/\s[,.!?;:]/, [[/\b([Ii])\s?;\s?m\b/g, '$1 am'], [/\s+([,.!?;:])/g, '$1']]],
  [
    /'/,
    [
      [/\b([Ii])'m\b/g, '$1 am'],
      [/\b([Ii]|[Yy]ou|[Ww]e|[Tt]hey)'ve\b/g, '$1 have'],
      [/\b([Ii]|[Yy]ou|[Ww]e|[Tt]hey|[Hh]e|[Ss]he)'d\b/g, '$1 would'],
      [/\b([Ii]|[Yy]ou|[Ww]e|[Tt]hey|[Hh]e|[Ss]he|[Ii]t)'ll\b/g, '$1 will'],
      [/\b([Yy]ou|[Ww]e|[Tt]hey)'re\b/g, '$1 are'],
      [/\b([Ii]t|[Tt]hat|[Ww]hat|[Tt]here|[Hh]e|[Ss]he|[Ww]ho|[Ww]here|[Hh]ow|[Hh]ere)'s\b/g, '$1 is'],
      [/\b([Cc])an't\b/g, '$1an not'],
      [/\b([Ww])on't\b/g, '$1ill not'],
      [/\b(\w+)n't\b/g, '$1 not'],
    ],
  ],
  // Contractions typed without the apostrophe or split by a tokeniser ("im", "i m", "dont", "cant").
  [
    /nt\b|\b(?:im|ive|cannot|gonna|wanna|gotta|u|i (?:m|ve|ll))\b/i,
    [
      [/\b([Ii]) m\b/g, '$1 am'],
      [/\b([Ii]) ve\b/g, '$1 have'],
      [/\b([Ii]) ll\b/g, '$1 will'],
      [/\b(i|I)m\b(?=\s+[a-z])/g, '$1 am'],
      [/\b(i|I)ve\b(?=\s+[a-z])/g, '$1 have'],
      [/\b(do|does|did|is|are|was|were|have|has|had|would|could|should)nt\b/gi, '$1 not'],
      [/\b([Cc])ant\b/g, '$1an not'],
      [/\b([Cc])annot\b/g, '$1an not'],
      [/\bgonna\b/gi, 'going to'],
      [/\bwanna\b/gi, 'want to'],
      [/\bgotta\b/gi, 'have to'],
      [/\bu\b/g, 'you'],
    ],
  ],
  [/\s{2}/, [[/\s{2,}/g, ' ']]],
];

export function normalise(message: string): string {
  let text = message;
  for (const [test, replacements] of REPLACEMENT_GROUPS) {
    if (!test.test(text)) continue;
    for (const [re, by] of replacements) text = text.replace(re, by);
  }
  return text.trim();
}

const ABBREVIATIONS = new Set([
  'dr', 'mr', 'mrs', 'ms', 'st', 'jr', 'sr', 'vs', 'etc', 'prof', 'mt', 'ft', 'no', 'e.g', 'i.e', 'a.m', 'p.m',
  'u.s', 'u.k', 'approx', 'inc', 'ltd', 'co', 'corp', 'ave', 'blvd', 'dept',
]);

/** Sentences with the mark that ended them. Periods after abbreviations and initials do not end one. */
export function splitSentences(text: string): Array<{ text: string; question: boolean }> {
  const out: Array<{ text: string; question: boolean }> = [];
  const end = /([.!?]+)(?=\s|$)/g;
  let start = 0;
  for (let m = end.exec(text); m; m = end.exec(text)) {
    const marks = m[1] ?? '';
    if (marks === '.') {
      const before = /([A-Za-z.]+)$/.exec(text.slice(start, m.index))?.[1]?.toLowerCase() ?? '';
      if (ABBREVIATIONS.has(before) || /^[a-z]$/.test(before) || /^(?:[a-z]\.)+[a-z]$/.test(before)) continue;
      if (/\d$/.test(text.slice(0, m.index)) && /^\.\d/.test(text.slice(m.index))) continue;
    }
    const sentence = text.slice(start, m.index).trim();
    if (sentence) out.push({ text: sentence, question: marks.includes('?') });
    start = m.index + marks.length;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push({ text: rest, question: false });
  return out;
}

const SUBJECT_AHEAD = String.raw`(?=(?:i|we|my|our)\b)`;
const CONJUNCTION = String.raw`(?:and|but|so|because|cause|cuz|coz|though|although|plus|then|or|while|whereas|since|also)`;
/** Where a new clause starts: a semicolon, or a comma or conjunction right before a new first-person subject. */
const CLAUSE_BREAK = new RegExp(
  String.raw`\s*;\s*|\s*,\s*(?:${CONJUNCTION}\s+)?${SUBJECT_AHEAD}|\s+${CONJUNCTION}\s+${SUBJECT_AHEAD}`,
  'gi',
);
/** A conjunction before a verb with no subject ("I don't sing but love country"): the subject carries over. */
const SUBJECTLESS = new RegExp(
  String.raw`\s*,?\s+(?:but|and|so)\s+(?=(?:also\s+|really\s+|still\s+|absolutely\s+|totally\s+)?` +
    String.raw`(?:love|like|enjoy|adore|hate|have|own|play|work|live|speak|prefer|am|want|need|watch|read|write|cook|bake|eat|drink|go|listen|sing|dance|swim|run|hike|fish|hunt|knit|paint|draw|ride|drive|teach|study|spend|visit|travel|collect|grow|make|do)\s)`,
  'gi',
);
/**
 * "I don't sing but love country": the clause after the conjunction gets the subject "I" back, when the nearest
 * subject before it is "I" ("I love how you paint and teach" keeps "you" as the one who teaches).
 */
function carrySubject(text: string): string {
  return text.replace(SUBJECTLESS, (match, offset: number) => {
    const before = text.slice(0, offset).split('\u0000').pop() ?? '';
    const subjects = before.match(/\b(?:i|you|he|she|they|we|it|there|that|this|who|which)\b/gi);
    return subjects && subjects[subjects.length - 1]?.toLowerCase() === 'i' ? '\u0000i ' : match;
  });
}

/** Words after which "i" does not start a new sentence in run-on text ("the dog that i ..."). */
const KEEPS_I = new Set([
  'that', 'which', 'who', 'whom', 'when', 'whenever', 'if', 'because', 'and', 'but', 'so', 'as', 'than',
  'what', 'how', 'why', 'where', 'since', 'until', 'till', 'before', 'after', 'while', 'though', 'although',
  'unless', 'whether', 'think', 'guess', 'believe', 'know', 'hope', 'wish', 'said', 'say', 'mean', 'suppose',
  'bet', 'like', 'me', 'you', 'or', 'do', 'did', 'can', 'could', 'would', 'should', 'will', 'am', 'was',
  'were', 'have', 'had', 'once', 'cause', 'cuz', 'coz', 'feel', 'glad', 'sure', 'sorry', 'afraid', 'hoping',
  'thinking', 'realize', 'realized', 'found', 'out', 'then', 'where', 'thought', 'maybe', 'probably', 'where',
  'perhaps', 'also', 'now', 'plus', 'but', 'ever', 'tell', 'told', 'time', 'day', 'year', 'years', 'way',
  'place', 'one', 'thing', 'things', 'all', 'everything', 'something', 'anything', 'nothing', 'only', 'even',
  'just', 'because', 'lol', 'haha', 'yes', 'no', 'well', 'oh', 'hi', 'hey', 'hello', 'ok', 'okay',
  // A time before the subject belongs to its clause ("Tomorrow I have a meeting").
  'today', 'tomorrow', 'tonight', 'yesterday', 'morning', 'afternoon', 'evening', 'night', 'week', 'weekend',
  'month', 'summer', 'winter', 'spring', 'fall', 'autumn', 'later', 'soon', 'recently', 'earlier', 'ago', 'pm',
  'am', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'mondays', 'sundays',
  'weekends', 'usually', 'sometimes', 'often', 'always', 'never', 'actually', 'honestly', 'really', 'still',
]);

const QUESTION_START =
  /^(?:what|whats|who|whom|whose|where|when|why|how|which|do|does|did|can|could|would|will|should|shall|is|are|am|was|were|have|has|had|may|might|must|any|anyone|anybody|you|your|ever)\b(?!\s+not\b)/i;
const REQUEST_START =
  /^(?:please|pls|plz|kindly|help me|remind me|tell me|show me|give me|let me|let us|lets|let's|i need you to|i want you to|i would like you to|i need help|i need some help|write|summarize|summarise|explain|translate|find|list|generate|create|make me|draft|rewrite|fix|compare|describe|recommend|suggest|calculate|convert|set up|set a|add|look up|search|book|schedule|send|order|play|open|call|email|text|note that i need|i was wondering|i wonder|i am wondering|i am curious|i would like to know|i want to know|i need to know)\b/i;
/** Openers that introduce a fact ("Remember that I'm vegan"): dropped, the fact kept. */
const FACT_INTRO = /^(?:please\s+)?(?:remember|note|keep in mind|fyi|just so you know|for the record|for context|by the way|btw)(?:\s+that)?[\s,:]+/i;

function stripOpeners(text: string): string {
  let t = text;
  for (;;) {
    const m = /^([a-z]+(?: you)?)[\s,!.]+/i.exec(t);
    if (!m || !OPENERS.has((m[1] ?? '').toLowerCase()) || m[0].length >= t.length) return t;
    t = t.slice(m[0].length);
  }
}

function splitRunOn(text: string): string[] {
  const parts: string[] = [];
  const re = /\s(?=[iI]\s+[a-z])/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const prev = /([A-Za-z']+)[^A-Za-z']*$/.exec(text.slice(start, m.index))?.[1]?.toLowerCase();
    if (!prev || KEEPS_I.has(prev)) continue;
    parts.push(text.slice(start, m.index));
    start = m.index + 1;
  }
  parts.push(text.slice(start));
  return parts;
}

/** A question's topic, for the answer that follows it ("do you like sushi? i adore it"). */
interface Topic {
  verb: string;
  object: string;
  favourite: string | null;
}

const QUESTION_TOPIC =
  /\b(?:do|did|would|have)\s+(?:you|u)\s+(?:guys\s+|ever\s+|also\s+|even\s+)?(like|love|enjoy|watch|play|eat|drink|read|listen to|hate|want)\s+(?:to\s+)?([a-z][\w\s'-]{0,40}?)\s*(?:too|as well)?\s*[?]?$/i;
const FAVOURITE_TOPIC = /\b(?:fav|fave|favorite|favourite)\s+((?:[\w'-]+\s+){0,2}?[\w'-]+)(?:\s+(?:for you|of yours|of all time))?\s*[?]?$/i;
const PRONOUN_ANSWER =
  /^(i\s+(?:(?:really|also|absolutely|totally|just|do|so|actually|definitely)\s+)*(?:love|like|enjoy|adore|hate|dislike|prefer|watch|play|eat|drink|read)\s+(?:doing\s+|eating\s+|watching\s+|playing\s+|reading\s+|drinking\s+)?)(?:it|them|those|that|these)\b/i;

function topicOf(question: string): Topic | null {
  const favourite = FAVOURITE_TOPIC.exec(question);
  if (favourite) return { verb: 'like', object: '', favourite: favourite[1] ?? '' };
  const m = QUESTION_TOPIC.exec(question);
  if (!m || /^(?:it|that|this|them|me|my|to do|doing)\b/i.test(m[2] ?? '')) return null;
  return { verb: (m[1] ?? 'like').toLowerCase(), object: (m[2] ?? '').trim(), favourite: null };
}

/** An answer that only makes sense with the question's topic, said in full. */
function withTopic(clause: string, topic: Topic | null): string {
  if (!topic) return clause;
  if (topic.favourite !== null) {
    return clause.replace(/^mine\s+(is|are|would be|would have to be|has to be)\s+/i, `my favorite ${topic.favourite} $1 `);
  }
  const pronoun = PRONOUN_ANSWER.exec(clause);
  if (pronoun) return `${pronoun[1]}${topic.object}${clause.slice(pronoun[0].length)}`;
  if (/^(?:love|like|enjoy|hate)$/.test(topic.verb)) {
    return clause.replace(/^i\s+(?:really\s+)?do(\s+not)?\s*(?=$|[,!.;])/i, (_all, not: string | undefined) => `i${not ? ' do not' : ''} ${topic.verb} ${topic.object}`);
  }
  return clause;
}

/** Splits a sentence that ends in a question into its statements and the question ("i have 10 cats how about you"). */
function statementsBeforeQuestion(text: string): string[] {
  const pieces = text.split(/\s*,\s*/);
  // Drop the question at the end, and any question-like piece before it ("..., how are you").
  pieces.pop();
  while (pieces.length && QUESTION_START.test(pieces[pieces.length - 1] ?? '')) pieces.pop();
  let kept = pieces.join(', ');
  if (pieces.length === 0) {
    // No comma: "i have 10 cats how about you" -> the part before the question words.
    const at = text.search(/\s(?:how|what|whats|where|when|why|who|which|do|does|did|are|have|can|could|would|will)\s+(?:you|u|your|yours|about)\b/i);
    kept = at > 0 ? text.slice(0, at) : '';
  }
  return kept ? [kept] : [];
}

/** The statement clauses of a message, in order. Questions, requests and greetings give none. */
export function splitClauses(message: string): Clause[] {
  const clauses: Clause[] = [];
  let previousTopic: Topic | null = null;
  for (const sentence of splitSentences(normalise(message))) {
    const text = sentence.text.replace(FACT_INTRO, '');
    let topic: Topic | null = null;
    const parts = sentence.question ? statementsBeforeQuestion(text) : [text];
    for (const part of parts) {
      const broken = carrySubject(part.replace(CLAUSE_BREAK, '\u0000'));
      for (const piece of broken.split('\u0000')) {
        for (const runOn of splitRunOn(piece)) {
          const clause = stripOpeners(runOn.trim().replace(/^[,;:\s]+|[,;:\s]+$/g, ''));
          if (!clause) continue;
          if (QUESTION_START.test(clause) || REQUEST_START.test(clause)) {
            topic = topicOf(clause) ?? topic;
            continue;
          }
          if (sentence.question && !/^(?:i|my|we|our|mine)\b/i.test(clause)) continue;
          clauses.push({ text: withTopic(clause, topic ?? previousTopic) });
        }
      }
    }
    previousTopic = sentence.question ? (topicOf(text) ?? topic) : topic;
  }
  return clauses;
}
