/** Fake but well-formed secrets for the secrets filter's tests (unit and end-to-end). */
export const alnum = (n: number, seed = 'a1B2c3D4e5F6g7H8i9J0'): string => seed.repeat(Math.ceil(n / seed.length)).slice(0, n);
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export const FAKE = {
  awsKeyId: 'AKIAIOSFODNN7EXAMPLE',
  awsSecret: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  ghp: `ghp_${alnum(36)}`,
  gho: `gho_${alnum(36, 'Zy9Xw8Vu7T')}`,
  githubPat: `github_pat_11ABCDEFG0${alnum(12)}_${alnum(59, 'Qr5St6Uv7W')}`,
  gitlab: `glpat-${alnum(20, 'xY-z_9AbC8')}`,
  slackToken: `xoxb-123456789012-1234567890123-${alnum(24)}`,
  slackWebhook: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
  stripe: `sk_live_${alnum(24)}`,
  openai: `sk-proj-${alnum(48)}`,
  openaiLegacy: `sk-${alnum(48)}`,
  anthropic: `sk-ant-api03-${alnum(40, 'K9_j8-H7g6')}`,
  google: `AIzaSy${alnum(33)}`,
  jwt: `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '1234567890', name: 'Jane' })}.${alnum(43, 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c')}`,
  bearer: `tk_${alnum(30)}`,
  visa: '4111 1111 1111 1111',
  amex: '3782-822463-10005',
  mastercard: '5555555555554444',
};

