// Small helpers the evaluation sections share.
import { readFile } from 'node:fs/promises';

/** Every non-empty line of a JSON Lines file, parsed. */
export async function readJsonl(file) {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

export const pct = (n, d) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);
export const ratio = (n, d) => `${n}/${d} (${pct(n, d)})`;
