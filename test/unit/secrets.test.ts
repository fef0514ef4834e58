import { describe, expect, it } from 'vitest';
import { describeRedactions, luhnValid, redactSecrets, SECRET_PATTERNS } from '../../src/core/secrets.js';
import { alnum, FAKE } from '../helpers/secrets.js';

interface Case {
  kind: string;
  positive: string;
  /** Text that must be gone after redaction. */
  secret: string;
  /** A near miss that must come through unchanged. */
  negative: string;
}

const CASES: Case[] = [
  { kind: 'aws-access-key-id', positive: `my key is ${FAKE.awsKeyId} ok`, secret: FAKE.awsKeyId, negative: 'AKIAIOSFODNN7EXAMPL is one short' },
  { kind: 'aws-access-key-id', positive: `export AWS_ACCESS_KEY_ID=ASIA${alnum(16).toUpperCase()}`, secret: `ASIA${alnum(16).toUpperCase()}`, negative: 'akiaiosfodnn7example in lower case is not a key id' },
  {
    kind: 'aws-secret-key',
    positive: `aws_secret_access_key = ${FAKE.awsSecret}`,
    secret: FAKE.awsSecret,
    negative: 'the commit 3f786850e387550fdab836ed7e6dc881de23001b fixed it',
  },
  { kind: 'aws-secret-key', positive: `My AWS secret key is ${FAKE.awsSecret}.`, secret: FAKE.awsSecret, negative: 'my aws secret is that I never log in' },
  { kind: 'github-token', positive: `use ${FAKE.ghp} for the API`, secret: FAKE.ghp, negative: 'ghp_short1234 is not a token' },
  { kind: 'github-token', positive: `token ${FAKE.gho}`, secret: FAKE.gho, negative: 'the gho_ prefix means OAuth' },
  { kind: 'github-token', positive: `PAT: ${FAKE.githubPat}`, secret: FAKE.githubPat, negative: 'github_pat_ tokens are fine-grained' },
  { kind: 'gitlab-token', positive: `gitlab ${FAKE.gitlab} here`, secret: FAKE.gitlab, negative: 'glpat-abc is too short' },
  { kind: 'slack-token', positive: `bot token ${FAKE.slackToken}`, secret: FAKE.slackToken, negative: 'xoxb-tokens start with xoxb-' },
  { kind: 'slack-webhook', positive: `post to ${FAKE.slackWebhook} please`, secret: 'XXXXXXXXXXXXXXXXXXXXXXXX', negative: 'see https://hooks.slack.com/ for docs' },
  { kind: 'stripe-key', positive: `STRIPE=${FAKE.stripe}`, secret: FAKE.stripe, negative: 'sk_live_ keys are secret, pk_live_1234567890abcdef are public' },
  { kind: 'openai-key', positive: `OPENAI_API_KEY is ${FAKE.openai}`, secret: FAKE.openai, negative: 'I use sk-learn-and-scipy-for-everything daily' },
  { kind: 'openai-key', positive: `key: ${FAKE.openaiLegacy}`, secret: FAKE.openaiLegacy, negative: 'sk-12 is a ski size' },
  { kind: 'anthropic-key', positive: `claude key ${FAKE.anthropic}`, secret: FAKE.anthropic, negative: 'sk-ant-short is not a key' },
  { kind: 'google-api-key', positive: `maps key ${FAKE.google} in the app`, secret: FAKE.google, negative: 'AIzaShortKey is not one' },
  { kind: 'jwt', positive: `cookie=${FAKE.jwt}`, secret: FAKE.jwt, negative: 'eyJhbGciOi.eyJzdWIi.x is cut short' },
  { kind: 'jwt', positive: `Authorization: Bearer ${FAKE.jwt}`, secret: FAKE.jwt, negative: 'eyJnotbase64json!!.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk is not a token' },
  { kind: 'bearer-token', positive: `curl -H "Authorization: Bearer ${FAKE.bearer}"`, secret: FAKE.bearer, negative: 'I am the bearer of bad news and responsibilities' },
  { kind: 'password', positive: 'my password is hunter2.', secret: 'hunter2', negative: 'I forgot my password yesterday' },
  { kind: 'password', positive: 'wifi password: Tr0ub4dor&3 in the kitchen', secret: 'Tr0ub4dor&3', negative: 'the password is too short, they said' },
  { kind: 'password', positive: 'DB_PASSWORD=s3cr3t-Value', secret: 's3cr3t-Value', negative: 'password reset link sent' },
  { kind: 'password', positive: 'my PIN is 4821', secret: '4821', negative: 'pin the tab at 4821 Main Street' },
  {
    kind: 'private-key',
    positive: `here:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA${alnum(40)}\n${alnum(64)}==\n-----END RSA PRIVATE KEY-----\nthanks`,
    secret: 'MIIEowIBAAKCAQEA',
    negative: '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----',
  },
  {
    kind: 'private-key',
    positive: `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n${alnum(70)}`,
    secret: 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ',
    negative: '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa\n-----END CERTIFICATE-----',
  },
  { kind: 'credit-card', positive: `card ${FAKE.visa} exp 12/27`, secret: FAKE.visa, negative: 'card 4111 1111 1111 1112 fails Luhn' },
  { kind: 'credit-card', positive: `amex ${FAKE.amex}`, secret: FAKE.amex, negative: 'call +1 415 555 2671 or 0044 20 7946 0958' },
  { kind: 'credit-card', positive: `mc:${FAKE.mastercard}`, secret: FAKE.mastercard, negative: 'order 9780306406157 (an ISBN) and 0000 0000 0000 0000' },
  { kind: 'url-credentials', positive: 'clone https://bob:S3cretPass@git.example.com/repo.git', secret: 'S3cretPass', negative: 'see https://bob@git.example.com/repo.git and mailto:bob@example.com' },
  { kind: 'url-credentials', positive: 'DATABASE_URL=postgres://app:pa55w0rd@db:5432/main', secret: 'pa55w0rd', negative: 'http://localhost:8080/path@v2 works' },
  { kind: 'generic-secret', positive: 'api_key=abcd1234efgh5678', secret: 'abcd1234efgh5678', negative: 'token = 42 and the api key was lost' },
  { kind: 'generic-secret', positive: '{"client_secret": "Zm9vYmFyYmF6cXV4MTIz"}', secret: 'Zm9vYmFyYmF6cXV4MTIz', negative: 'the secret: friendship' },
  { kind: 'generic-secret', positive: 'export MY_TOKEN=tok3n-v4lue-xyz', secret: 'tok3n-v4lue-xyz', negative: 'a token: sometimes' },
  { kind: 'generic-secret', positive: 'my api key is abc123def456', secret: 'abc123def456', negative: 'the secret is wonderful and my token was rejected' },
];

describe('redactSecrets: each documented pattern, with a near miss', () => {
  it.each(CASES.map((c, i) => [`${c.kind} #${i}`, c] as const))('%s', (_name, c) => {
    const result = redactSecrets(c.positive);
    expect(result.text).not.toContain(c.secret);
    expect(result.text).toContain(`[REDACTED:${c.kind}]`);
    expect(result.redactions).toEqual([{ kind: c.kind, count: 1 }]);

    const miss = redactSecrets(c.negative);
    expect(miss.text).toBe(c.negative);
    expect(miss.redactions).toEqual([]);
  });

  // The quick pre-check must never hide a secret: a token alone, with no word around it that names it, is found.
  const SELF_EVIDENT = new Set(['aws-access-key-id', 'github-token', 'gitlab-token', 'slack-token', 'stripe-key', 'openai-key', 'anthropic-key', 'google-api-key', 'jwt', 'credit-card']);
  it.each(CASES.filter((c) => SELF_EVIDENT.has(c.kind)).map((c, i) => [`${c.kind} #${i}`, c] as const))('%s alone is found', (_name, c) => {
    expect(redactSecrets(`look: ${c.secret} !`).text).toBe(`look: [REDACTED:${c.kind}] !`);
  });

  it('covers every pattern of the documented list', () => {
    const tested = new Set(CASES.map((c) => c.kind));
    for (const pattern of SECRET_PATTERNS) expect(tested, pattern.kind).toContain(pattern.kind);
    for (const pattern of SECRET_PATTERNS) expect(pattern.description.length).toBeGreaterThan(10);
  });
});

describe('redactSecrets: behaviour', () => {
  it('leaves ordinary chat untouched', () => {
    const texts = [
      'I have a dog called Biggie and he loves his yellow ball',
      'My meeting is tomorrow at 2pm in room 4111',
      'I was born on 1990-04-12 and my phone is 415-555-2671',
      'I work at AWS as a software engineer; my manager is Jane',
      'The token ring network was retired in 1998',
      'pass the salt, and the password manager is 1Password',
    ];
    for (const text of texts) expect(redactSecrets(text)).toEqual({ text, redactions: [] });
  });

  it('keeps the words around a secret and the user part of a URL', () => {
    expect(redactSecrets('my password is hunter2.').text).toBe('my password is [REDACTED:password].');
    expect(redactSecrets('git clone https://bob:S3cretPass@git.example.com/r').text).toBe(
      'git clone https://bob:[REDACTED:url-credentials]@git.example.com/r',
    );
  });

  it('counts several secrets of several kinds', () => {
    const result = redactSecrets(`keys ${FAKE.ghp} and ${FAKE.gho}, card ${FAKE.visa}, password: hunter22`);
    expect(result.redactions).toEqual([
      { kind: 'github-token', count: 2 },
      { kind: 'credit-card', count: 1 },
      { kind: 'password', count: 1 },
    ]);
    expect(describeRedactions(result.redactions)).toBe('4 secrets (github-token, credit-card, password)');
    expect(describeRedactions([{ kind: 'jwt', count: 1 }])).toBe('1 secret (jwt)');
  });

  it('is idempotent: redacting redacted text changes nothing', () => {
    for (const c of CASES) {
      const once = redactSecrets(c.positive).text;
      expect(redactSecrets(once)).toEqual({ text: once, redactions: [] });
    }
  });

  it('reports a secret inside a bearer header once, as the more specific kind', () => {
    const result = redactSecrets(`Authorization: Bearer ${FAKE.jwt}`);
    expect(result.text).toBe('Authorization: Bearer [REDACTED:jwt]');
    expect(result.redactions).toEqual([{ kind: 'jwt', count: 1 }]);
  });

  it('checks card numbers with Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
  });

  it('stays fast on a megabyte of near-secrets (no quadratic scans, no catastrophic backtracking)', () => {
    const words = ['password', 'token', 'secret', 'Bearer', 'sk-', 'eyJabc', 'AKIA', '4111', ' ', '=', ':', 'is', 'aws', 'x'.repeat(50), '-----BEGIN RSA PRIVATE KEY-----', '\n', 'https://a:b@', '12345'];
    let soup = '';
    for (let seed = 1; soup.length < 1024 * 1024; seed = (seed * 1103515245 + 12345) & 0x7fffffff) soup += `${words[seed % words.length]} `;
    for (const text of [soup, 'password '.repeat(100_000), 'a'.repeat(1 << 20), '4 '.repeat(1 << 19), `eyJ${'A'.repeat(1 << 20)}`]) {
      const start = performance.now();
      redactSecrets(text);
      expect(performance.now() - start).toBeLessThan(3_000);
    }
  });

  it('pairs each private key block with its own END line', () => {
    const key = (kind: string, body: string) => `-----BEGIN ${kind}PRIVATE KEY-----\n${body}\n-----END ${kind}PRIVATE KEY-----`;
    const text = `one ${key('RSA ', 'AAAA')} two ${key('EC ', 'BBBB')} three\n-----BEGIN PRIVATE KEY-----\nCCCC\nDDDD`;
    const result = redactSecrets(text);
    expect(result.text).toBe('one [REDACTED:private-key] two [REDACTED:private-key] three\n[REDACTED:private-key]');
    expect(result.redactions).toEqual([{ kind: 'private-key', count: 3 }]);
  });
});
