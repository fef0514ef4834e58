/**
 * Secrets are never stored (SPEC `remember`, privacy): before a message reaches the store (or an LLM), every match
 * of the patterns below is replaced by `[REDACTED:<kind>]`. Like atuin's secrets filter, the list is explicit and
 * documented in the README; each pattern is tested with a positive case and a near miss (test/unit/secrets.test.ts).
 *
 * Patterns run in order over the text as redacted so far: specific formats first (a JWT inside a bearer header is
 * reported as a JWT), contextual phrases last. A value that is already a redaction marker is never matched again, so
 * redacting twice changes nothing (batch re-runs stay idempotent: the duplicate check compares redacted texts).
 */

export interface SecretPattern {
  /** Named in the marker: `[REDACTED:github-token]`. */
  kind: string;
  description: string;
  /** Global regex. With a `secret` capture group only that group is replaced; otherwise the whole match. */
  regex: RegExp;
  /** Finds the spans itself (when one regex would be slow); `regex` then only documents the shape. */
  find?: (text: string) => [number, number][];
  /** Extra check on the secret itself (Luhn, a JWT header that decodes, a value that is not a plain word). */
  accept?: (secret: string) => boolean;
}

export interface Redaction {
  kind: string;
  count: number;
}

export interface RedactionResult {
  text: string;
  redactions: Redaction[];
}

const MARKER = '[REDACTED:';
/** Not already redacted (kept in front of every captured value). */
const FRESH = '(?!\\[REDACTED:)';

/** Luhn checksum over the digits of a card number. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Issuer prefixes of the card networks (Visa, Mastercard, Amex, Diners, Discover, JCB, UnionPay, Maestro). */
const CARD_PREFIX = /^(?:4|5[0-5]|2[2-7]|3[0478]|6)/;

function isCardNumber(match: string): boolean {
  const digits = match.replace(/[ -]/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  if (/^(\d)\1+$/.test(digits)) return false; // 0000 0000 0000 0000 passes Luhn but is no card
  return CARD_PREFIX.test(digits) && luhnValid(digits);
}

function isJwt(match: string): boolean {
  const header = match.split('.')[0]!;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    return typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded);
  } catch {
    return false;
  }
}

const hasDigit = (s: string): boolean => /\d/.test(s);
const hasLetter = (s: string): boolean => /[A-Za-z]/.test(s);

/** A token-looking value: some digits and letters, or long and mixed-case. Plain words are not secrets. */
function looksLikeToken(s: string): boolean {
  return (hasDigit(s) && hasLetter(s)) || (s.length >= 24 && /[a-z]/.test(s) && /[A-Z]/.test(s));
}

/** Words that follow "password is" in ordinary sentences ("my password is too short"), never a password. */
const NOT_A_PASSWORD = new Set(
  (
    'a an the not too very so my your his her our their this that it its same different wrong incorrect ' +
    'expired invalid valid required empty missing blank weak strong secure insecure long short reset changed set ' +
    'saved stored protected hidden case sensitive still now also just only really here there what which why how ' +
    'unknown forgotten lost taken locked new old ok okay fine good bad hard easy simple complicated'
  ).split(' '),
);

function isPasswordValue(value: string): boolean {
  return value.length >= 3 && !NOT_A_PASSWORD.has(value.toLowerCase());
}

const PRIVATE_KEY_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/g;
/** The lines of base64 (and PEM headers) after an unterminated BEGIN line. */
const KEY_LINES = /(?:\r?\n[A-Za-z0-9+/=:, -]*)*/y;

/** The first of the sorted positions that is at or after `from`. */
function firstAtOrAfter(sorted: number[], from: number): number | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
}

/**
 * Private key blocks, in linear time: each BEGIN line is paired with the first matching END line after it (their
 * positions are found once per kind of block), else the base64 lines that follow it. A single lazy regex would
 * rescan the rest of the text for every BEGIN without an END.
 */
function findPrivateKeys(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const ends = new Map<string, number[]>();
  const endsOf = (marker: string): number[] => {
    let found = ends.get(marker);
    if (!found) {
      found = [];
      for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + marker.length)) found.push(at);
      ends.set(marker, found);
    }
    return found;
  };
  let last = 0;
  for (const begin of text.matchAll(new RegExp(PRIVATE_KEY_BEGIN.source, 'g'))) {
    if (begin.index < last) continue;
    const afterBegin = begin.index + begin[0].length;
    const marker = `-----END ${begin[1] ?? ''}PRIVATE KEY${begin[2] ?? ''}-----`;
    const end = firstAtOrAfter(endsOf(marker), afterBegin);
    if (end !== undefined) {
      last = end + marker.length;
    } else {
      KEY_LINES.lastIndex = afterBegin;
      KEY_LINES.exec(text);
      last = KEY_LINES.lastIndex;
    }
    spans.push([begin.index, last]);
  }
  return spans;
}

/** The documented list, in the order it runs. */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    kind: 'private-key',
    description: 'PEM private key blocks: -----BEGIN [RSA|EC|DSA|OPENSSH|PGP|ENCRYPTED ...] PRIVATE KEY[ BLOCK]----- to its END line (an unterminated block up to its last base64 line)',
    regex: PRIVATE_KEY_BEGIN,
    find: findPrivateKeys,
  },
  {
    kind: 'url-credentials',
    description: 'the password of a URL with credentials: scheme://user:password@host (the user name is kept)',
    regex: new RegExp(`\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s/?#@:]+:${FRESH}(?<secret>[^\\s/?#@]+)@`, 'g'),
  },
  {
    kind: 'slack-webhook',
    description: 'Slack incoming webhooks: https://hooks.slack.com/services/T…/B…/…',
    regex: /\bhttps?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{8,}/g,
  },
  {
    kind: 'jwt',
    description: 'JSON Web Tokens: three base64url parts, the first two starting eyJ, with a header that decodes to JSON',
    regex: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{8,}/g,
    accept: isJwt,
  },
  {
    kind: 'aws-access-key-id',
    description: 'AWS access key ids: AKIA/ASIA/AGPA/AIDA/AROA/AIPA/ANPA/ANVA/ABIA/ACCA + 16 upper-case letters or digits',
    regex: /(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  },
  {
    kind: 'aws-secret-key',
    description: 'AWS secret access keys: 40 base64 characters named as an AWS secret (aws_secret_access_key = …, "my AWS secret key is …")',
    regex: new RegExp(
      `\\baws[A-Za-z0-9_ .-]{0,20}?(?:secret|sk)[A-Za-z0-9_ .-]{0,25}?["']?\\s*[:=]?\\s*["']?${FRESH}(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
      'gi',
    ),
    accept: (s) => hasDigit(s) || /[/+]/.test(s),
  },
  {
    kind: 'github-token',
    description: 'GitHub tokens: ghp_, gho_, ghu_, ghs_, ghr_ + 36 or more characters; github_pat_ fine-grained tokens',
    regex: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/g,
  },
  {
    kind: 'gitlab-token',
    description: 'GitLab tokens: glpat-, glptt-, gldt-, glrt-, glcbt-, gloas-, glft-, glimt-, glsoat- + 20 or more characters',
    regex: /(?<![A-Za-z0-9_-])gl(?:pat|ptt|dt|rt|cbt|oas|ft|imt|soat)-[A-Za-z0-9_-]{20,}/g,
  },
  {
    kind: 'slack-token',
    description: 'Slack tokens: xoxb-, xoxp-, xoxa-, xoxo-, xoxs-, xoxr-, xapp- + 10 or more characters',
    regex: /(?<![A-Za-z0-9])(?:xox[abposr]|xapp)-[A-Za-z0-9-]{10,}/g,
    accept: hasDigit,
  },
  {
    kind: 'stripe-key',
    description: 'Stripe secret and restricted keys: sk_live_, sk_test_, rk_live_, rk_test_ + 16 or more characters',
    regex: /(?<![A-Za-z0-9])[rs]k_(?:live|test)_[A-Za-z0-9]{16,}/g,
  },
  {
    kind: 'anthropic-key',
    description: 'Anthropic API keys: sk-ant- + 20 or more characters',
    regex: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,}/g,
  },
  {
    kind: 'openai-key',
    description: 'OpenAI-style API keys: sk-, sk-proj-, sk-svcacct-, sk-admin- + 20 or more characters with letters and digits',
    regex: /(?<![A-Za-z0-9_-])sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g,
    accept: (s) => hasDigit(s.slice(3)) && hasLetter(s.slice(3)),
  },
  {
    kind: 'google-api-key',
    description: 'Google API keys: AIza + 35 characters',
    regex: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g,
  },
  {
    kind: 'credit-card',
    description: 'payment card numbers: 13-19 digits (spaces or dashes allowed) with a card network prefix that pass the Luhn check',
    regex: /(?<![\d.,-])\d(?:[ -]?\d){12,18}(?![\d-]|[.,]\d)/g,
    accept: isCardNumber,
  },
  {
    kind: 'bearer-token',
    description: 'bearer tokens: "Bearer <token>" with a token of 16 or more characters that looks like one',
    regex: new RegExp(`\\bbearer\\s+${FRESH}(?<secret>[A-Za-z0-9._~+/-]{16,}=*)`, 'gi'),
    accept: looksLikeToken,
  },
  {
    kind: 'password',
    description: 'passwords in phrases: password/passwd/passphrase/passcode/pwd followed by is, was, ":" or "=" (my password is …, wifi password: …); PIN is/: + 4-8 digits',
    regex: new RegExp(
      `(?<![A-Za-z0-9])(?:(?:pass(?:word|wd|phrase|code)|pwd)s?(?:\\s+(?:is|was)\\b\\s*|\\s*[:=]\\s*)["'\u201c]?${FRESH}(?<secret>[^\\s"'\u201d]*[^\\s"'\u201d.,;:!?)])|pin(?:\\s+code)?(?:\\s+(?:is|was)\\s+|\\s*[:=]\\s*)(?<pin>\\d{4,8})(?!\\d))`,
      'gi',
    ),
    accept: isPasswordValue,
  },
  {
    kind: 'generic-secret',
    description: 'values given to secret-named keys: api_key, apikey, api_secret, access_token, auth_token, refresh_token, secret_key, client_secret, private_key, access_key, token, secret (also spelled with spaces) followed by =, : or is, and a value of 8 or more characters with a digit (or 16 or more)',
    regex: new RegExp(
      `(?<![A-Za-z0-9])(?:api[_ -]?(?:key|secret|token)|apikey|access[_ -]?(?:token|key(?:[_ -]?id)?)|auth[_ -]?token|refresh[_ -]?token|secret[_ -]?key|client[_ -]?secret|private[_ -]?key|token|secret)["']?(?:\\s+(?:is|was)\\s+|\\s*[:=]\\s*)["']?${FRESH}(?<secret>[A-Za-z0-9._~+/=-]{8,})`,
      'gi',
    ),
    accept: (s) => hasDigit(s) || s.length >= 16,
  },
];

/** Each pattern compiled once more with indices for its named groups (compiling per message cost a fifth of ingest). */
const WITH_INDICES = new Map<RegExp, RegExp>();

/** Where a pattern's regex matches: the `secret` (or `pin`) group when it has one, else the whole match. */
function* spansOf(pattern: RegExp, text: string): Generator<[number, number]> {
  let regex = WITH_INDICES.get(pattern);
  if (!regex) {
    regex = new RegExp(pattern.source, `${pattern.flags.replace('d', '')}d`);
    WITH_INDICES.set(pattern, regex);
  }
  // matchAll iterates a copy of the regex, so the shared one keeps no lastIndex state.
  for (const match of text.matchAll(regex)) {
    const groups = match.indices?.groups;
    yield groups?.secret ?? groups?.pin ?? match.indices![0]!;
  }
}

/**
 * What every pattern needs somewhere in the text (its literal prefix, or the word it is named by): most chat
 * messages have none, and skip the seventeen scans. Each pattern's positive test also proves its clue is here.
 */
const CLUES = /PRIVATE KEY|:\/\/|eyJ|A(?:KIA|SIA|GPA|IDA|ROA|IPA|NPA|NVA|BIA|CCA|3T)|gh[pousr]_|github_pat_|gl[a-z]{1,4}-|xox[abposr]-|xapp-|[rs]k_(?:live|test)_|sk-|AIza|\d(?:[ -]?\d){12}/;
const NAMED_CLUES = /aws|bearer|pass|pwd|pin|api|key|token|secret/i;

/** Replaces every secret of the text by `[REDACTED:<kind>]` and counts what was replaced, by kind. */
export function redactSecrets(text: string): RedactionResult {
  if (!CLUES.test(text) && !NAMED_CLUES.test(text)) return { text, redactions: [] };
  const counts = new Map<string, number>();
  let current = text;
  for (const pattern of SECRET_PATTERNS) {
    let out = '';
    let last = 0;
    for (const span of pattern.find ? pattern.find(current) : spansOf(pattern.regex, current)) {
      const secret = current.slice(span[0], span[1]);
      if (secret.startsWith(MARKER)) continue;
      if (pattern.accept && !pattern.accept(secret)) continue;
      out += `${current.slice(last, span[0])}[REDACTED:${pattern.kind}]`;
      last = span[1];
      counts.set(pattern.kind, (counts.get(pattern.kind) ?? 0) + 1);
    }
    if (last > 0) current = out + current.slice(last);
  }
  return { text: current, redactions: [...counts].map(([kind, count]) => ({ kind, count })) };
}

/** "1 secret (github-token)", "3 secrets (password, jwt)". */
export function describeRedactions(redactions: readonly Redaction[]): string {
  const total = redactions.reduce((n, r) => n + r.count, 0);
  return `${total} ${total === 1 ? 'secret' : 'secrets'} (${redactions.map((r) => r.kind).join(', ')})`;
}
