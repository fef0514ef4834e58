#!/usr/bin/env node
// `npm run eval`: measures Harmonia on ../shared/eval (data nobody here wrote) and prints one table per section.
// Each section is a module in scripts/eval/ exporting `run({ dist, sharedEval })` -> { title, rows, details? }.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const sharedEval = process.env.HARMONIA_EVAL_DIR ?? resolve(root, '..', 'shared', 'eval');
const ORDER = ['extraction', 'temporal', 'conflicts'];

function table(rows) {
  const head = ['metric', 'value', 'target'];
  const cells = rows.map((r) => [String(r.metric), String(r.value), r.target === undefined ? '' : String(r.target)]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

if (!existsSync(sharedEval)) {
  console.error(`harmonia eval: no evaluation data at ${sharedEval} (set HARMONIA_EVAL_DIR)`);
  process.exit(2);
}
const only = process.argv.slice(2);
const sections = readdirSync(join(root, 'scripts', 'eval'))
  .filter((f) => f.endsWith('.mjs'))
  .map((f) => f.replace(/\.mjs$/, ''))
  .filter((name) => only.length === 0 || only.includes(name))
  .sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99));
for (const name of sections) {
  const mod = await import(pathToFileURL(join(root, 'scripts', 'eval', `${name}.mjs`)).href);
  const started = performance.now();
  const section = await mod.run({ dist, sharedEval });
  console.log(`\n## ${section.title} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  console.log(table(section.rows));
  for (const line of section.details ?? []) console.log(line);
}
