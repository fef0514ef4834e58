import { chmodSync } from 'node:fs';
import { buildReport, plannedRepairs, type Check, type DoctorReport, type Repair } from '../../core/doctor.js';
import { migrateDatabase, rebuildFullTextIndex } from '../../store/diagnostics.js';
import type { CommandContext } from '../context.js';
import { formatIgnoringConfig } from '../config-file.js';
import { collectFacts } from '../doctor-facts.js';
import { printObject } from '../output.js';

interface DoctorFlags {
  fix?: boolean;
}

const COLOURS = { ok: '\u001b[32m', warn: '\u001b[33m', fail: '\u001b[31m' } as const;

function describeRepair(repair: Repair): string {
  switch (repair.kind) {
    case 'chmod':
      return `chmod ${repair.mode!.toString(8)} ${repair.path}`;
    case 'migrate':
      return `migrated ${repair.user}'s database and set WAL (${repair.path})`;
    case 'rebuild-fts':
      return `rebuilt ${repair.user}'s full-text index (${repair.path})`;
  }
}

/** Applies the safe repairs; returns what was done. A repair that fails is reported and the others still run. */
function applyRepairs(ctx: CommandContext, repairs: Repair[], busyTimeoutMs: number): string[] {
  const done: string[] = [];
  for (const repair of repairs) {
    try {
      if (repair.kind === 'chmod') chmodSync(repair.path, repair.mode!);
      else if (repair.kind === 'migrate') migrateDatabase(repair.path, busyTimeoutMs);
      else rebuildFullTextIndex(repair.path, busyTimeoutMs);
      done.push(describeRepair(repair));
    } catch (error) {
      ctx.warn(`could not ${describeRepair(repair)}: ${(error as Error).message}`);
    }
  }
  return done;
}

function human(report: DoctorReport, colour: boolean): string {
  const paint = (check: Check): string => {
    const label = check.status.padEnd(4);
    return colour ? `${COLOURS[check.status]}${label}\u001b[0m` : label;
  };
  const lines: string[] = [];
  for (const fixed of report.fixed) lines.push(`fixed ${fixed}`);
  if (report.fixed.length > 0) lines.push('');
  const line = (label: string, subject: string, message: string): void => {
    lines.push(`${label}  ${subject.padEnd(24)} ${message}`);
  };
  // A healthy user database is one line; its individual checks show when something is wrong (all are in --json).
  const shownUsers = new Set<string>();
  for (const check of report.checks) {
    if (check.user !== undefined) {
      const mine = report.checks.filter((c) => c.user === check.user);
      if (mine.every((c) => c.status === 'ok')) {
        if (!shownUsers.has(check.user)) {
          shownUsers.add(check.user);
          const db = report.facts.databases.find((d) => d.user === check.user);
          const n = db?.memories ?? 0;
          line(paint(check), `database (${check.user})`, `${db?.file.path ?? ''}: ${n} ${n === 1 ? 'memory' : 'memories'}, integrity ok, schema ${db?.schemaVersion ?? '?'}, wal`);
        }
        continue;
      }
    }
    line(paint(check), check.user === undefined ? check.id : `${check.id} (${check.user})`, check.message);
    if (check.fix && check.status !== 'ok') lines.push(`${' '.repeat(31)}fix: ${check.fix}`);
  }
  const { ok, warn, fail } = report.counts;
  lines.push('', `${ok} ok, ${warn} ${warn === 1 ? 'warning' : 'warnings'}, ${fail} ${fail === 1 ? 'failure' : 'failures'}`);
  return `${lines.join('\n')}\n`;
}

export async function run(ctx: CommandContext, flags: DoctorFlags): Promise<void> {
  // Not ctx.format(): that reads the config file, and a broken one is among what doctor reports.
  const format = formatIgnoringConfig(ctx);
  let facts = await collectFacts(ctx);
  let fixed: string[] = [];
  if (flags.fix) {
    const repairs = plannedRepairs(facts);
    if (repairs.length > 0) {
      const busyTimeoutMs = facts.config.valid ? (await ctx.config()).storage.busyTimeoutMs : 10_000;
      fixed = applyRepairs(ctx, repairs, busyTimeoutMs);
      facts = await collectFacts(ctx);
    }
  }
  const report = buildReport(facts, fixed);
  await printObject(ctx, report, format, () => human(report, ctx.colorFor('stdout')));
  if (!report.ok) ctx.exitCode = 1;
}
