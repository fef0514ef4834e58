// Seeded randomness for benchmarks and evaluations: the same data on every run.

/** mulberry32: small, fast, good enough for test data. `next()` is a float in [0, 1). */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (list) => list[Math.floor(next() * list.length)];
  /** Zipf-ish pick: early entries are more common, like real vocabularies. */
  next.zipf = (list) => list[Math.min(list.length - 1, Math.floor(list.length * next() ** 2))];
  return next;
}
