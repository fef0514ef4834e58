/** Crockford base32, lower case: ids read well, sort by time and survive case-insensitive shells. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const TIME_CHARS = 10; // 50 bits of milliseconds: good until the year 37,000
const RANDOM_CHARS = 8; // 40 bits: collisions between processes in the same millisecond are negligible

export type IdPrefix = 'mem' | 'msg' | 'cfl';

let lastTime = -1;
let lastRandom = 0;
/** The last time encoded, and its text. */
let encodedTime = -1;
let encodedTimeText = '';

// Random bytes come from the CSPRNG a block at a time: one call per id cost more than the rest of a raw remember.
// (Web Crypto's getRandomValues is the same CSPRNG as node:crypto, which costs a read-only command 2 ms to load.)
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function randomUInt(bytes: number): number {
  if (poolAt + bytes > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolAt = 0;
  }
  const value = pool.readUIntBE(poolAt, bytes);
  poolAt += bytes;
  return value;
}

function encode(value: number, chars: number): string {
  let out = '';
  for (let i = 0; i < chars; i++) {
    out = ALPHABET[value % 32]! + out;
    value = Math.floor(value / 32);
  }
  return out;
}

/**
 * `<prefix>_<10 chars of time><8 random chars>`. Ids made in one process are strictly increasing, even within
 * one millisecond (the random part steps up), so sorting by id sorts by creation.
 */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  let random: number;
  // Within the same millisecond, or a clock stepping back a little, stay monotonic; an explicit older time (an
  // import of old records) starts afresh.
  if (now <= lastTime && lastTime - now < 1000) {
    now = lastTime;
    // A random step rather than +1: still increasing, but ids of one millisecond differ early enough to be told apart.
    random = lastRandom + 1 + randomUInt(3);
    if (random >= 32 ** RANDOM_CHARS) {
      now += 1;
      random = 0;
    }
  } else {
    random = randomUInt(5) % 2 ** 39; // keep headroom for increments
  }
  lastTime = now;
  lastRandom = random;
  // A batch makes many ids in one millisecond: its time is encoded once.
  if (now !== encodedTime) {
    encodedTime = now;
    encodedTimeText = encode(now, TIME_CHARS);
  }
  return `${prefix}_${encodedTimeText}${encode(random, RANDOM_CHARS)}`;
}

/** The creation time encoded in an id made by `newId`. */
export function idTime(id: string): number {
  const body = id.slice(id.indexOf('_') + 1, id.indexOf('_') + 1 + TIME_CHARS);
  let value = 0;
  for (const ch of body) value = value * 32 + ALPHABET.indexOf(ch);
  return value;
}

/** Normalises what a user typed as an id or id prefix: lower case, `mem_` optional. */
export function normaliseIdPrefix(input: string, prefix: IdPrefix): string {
  const lower = input.trim().toLowerCase();
  return lower.startsWith(`${prefix}_`) ? lower : `${prefix}_${lower}`;
}

export function isIdPrefixShaped(input: string, prefix: IdPrefix): boolean {
  return /^[0-9a-z]+$/.test(normaliseIdPrefix(input, prefix).slice(prefix.length + 1));
}
