import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, freshHomePerTest } from '../helpers/cli.js';

interface Rec {
  id: string;
  content: string;
  status: string;
  version: number;
  action?: string;
}
interface ConflictRec {
  id: string;
  kind: string;
  status: string;
  strategy: string | null;
  suggested_strategy: string;
  memory_id: string;
  memory_ids: string[];
  existing: Rec;
  candidate: Rec;
  similarity: number;
  resolved_by: string | null;
}
interface RememberOut {
  memories: Rec[];
  conflicts: ConflictRec[];
}

const home = freshHomePerTest();
const { env } = home;

async function cli(args: string[]) {
  return runCli(args, { env });
}

async function remember(text: string, extra: string[] = []): Promise<RememberOut> {
  const r = await cli(['remember', '--extractor', 'rules', ...extra, text]);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return r.json<RememberOut>();
}

async function json<T>(args: string[]): Promise<T> {
  const r = await cli([...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return r.json<T>();
}

describe('remember with conflicts', () => {
  it('"Biggie now loves his yellow ball" updates the chicken in place: one active memory, the chicken in its history', async () => {
    const first = await remember('Biggie loves his stuffed Costco chicken');
    const second = await remember('Biggie now loves his yellow ball');
    expect(second.memories).toMatchObject([{ id: first.memories[0]!.id, content: 'Biggie now loves his yellow ball', action: 'updated', version: 2 }]);
    expect(second.conflicts).toMatchObject([{ kind: 'update', status: 'applied', strategy: 'update', memory_id: first.memories[0]!.id, existing: { content: 'Biggie loves his stuffed Costco chicken' } }]);
    const active = await json<Rec[]>(['list']);
    expect(active.map((m) => m.content)).toEqual(['Biggie now loves his yellow ball']);
    const shown = await json<{ history: { action: string; before: Record<string, unknown> | null }[]; conflicts: ConflictRec[]; links: unknown[] }>(['show', active[0]!.id]);
    expect(shown.history.map((h) => h.action)).toEqual(['created', 'updated']);
    expect(shown.history[1]!.before).toMatchObject({ content: 'Biggie loves his stuffed Costco chicken' });
    expect(shown.conflicts).toMatchObject([{ kind: 'update', strategy: 'update' }]);
    expect(shown.links).toEqual([]);
  });

  it('"My name is Jason" twice leaves one memory, refreshed', async () => {
    const first = await remember('My name is Jason');
    const second = await remember('My name is Jason');
    expect(second.memories).toMatchObject([{ id: first.memories[0]!.id, action: 'skipped', version: 2 }]);
    expect(second.conflicts).toMatchObject([{ kind: 'duplicate', strategy: 'skip', suggested_strategy: 'skip' }]);
    expect((await json<Rec[]>(['list', '--status', 'all'])).length).toBe(1);
  });

  it('--on-conflict ask leaves the candidate pending; --dry-run reports the conflict and stores nothing', async () => {
    await remember('I live in Boston');
    const dry = await remember('I live in Denver', ['--dry-run']);
    expect(dry.memories).toMatchObject([{ action: 'updated', content: 'User lives in Denver' }]);
    expect(dry.conflicts).toMatchObject([{ kind: 'update' }]);
    expect((await json<ConflictRec[]>(['conflicts', 'list', '--all'])).length).toBe(0);
    const asked = await remember('I live in Denver', ['--on-conflict', 'ask']);
    expect(asked.memories).toMatchObject([{ action: 'pending', content: 'User lives in Denver' }]);
    expect(asked.conflicts).toMatchObject([{ status: 'pending', strategy: null, suggested_strategy: 'update' }]);
    expect((await json<Rec[]>(['list'])).map((m) => m.content)).toEqual(['User lives in Boston']);
  });

  it('each strategy on the command line gives its action', async () => {
    const actions: Record<string, string> = {
      update: 'updated',
      replace: 'replaced',
      merge: 'merged',
      link: 'linked',
      create_new: 'created',
      keep_both: 'created',
      archive_old: 'archived_old',
    };
    for (const [strategy, action] of Object.entries(actions)) {
      await cli(['rm', '--all', '--purge', '--yes']);
      await remember('I work at Google');
      const out = await remember('I work at Microsoft', ['--on-conflict', strategy]);
      expect(out.memories[0]!.action, strategy).toBe(action);
      expect(out.conflicts[0]).toMatchObject({ strategy, resolved_by: `flag:${strategy}` });
    }
  });
});

describe('harmonia conflicts', () => {
  async function pendingConflict(): Promise<ConflictRec> {
    await remember('I live in Boston');
    return (await remember('I moved to Denver', ['--on-conflict', 'ask'])).conflicts[0]!;
  }

  it('lists pending conflicts (the default subcommand), --all lists every one', async () => {
    const pending = await pendingConflict();
    await remember('My name is Jason');
    await remember('My name is Jason');
    expect((await json<ConflictRec[]>(['conflicts'])).map((c) => c.id)).toEqual([pending.id]);
    const all = await json<ConflictRec[]>(['conflicts', 'list', '--all']);
    expect(all.map((c) => [c.kind, c.status])).toEqual([
      ['update', 'pending'],
      ['duplicate', 'applied'],
    ]);
    const table = await cli(['conflicts', 'list', '--format', 'table']);
    expect(table.stdout).toContain('Denver');
    expect(table.stdout).toContain(pending.id);
    const ndjson = await cli(['conflicts', 'list', '--all', '--format', 'ndjson']);
    expect(ndjson.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('shows a conflict by unique prefix; unknown is exit 3, ambiguous exit 2', async () => {
    const pending = await pendingConflict();
    const shown = await json<ConflictRec & { memory: Rec }>(['conflicts', 'show', pending.id.slice(4, 16)]);
    expect(shown).toMatchObject({ id: pending.id, kind: 'update', memory: { content: 'User lives in Boston' }, candidate: { content: 'User moved to Denver' } });
    const human = await cli(['conflicts', 'show', pending.id, '--format', 'table']);
    expect(human.stdout).toContain('User moved to Denver');
    const missing = await cli(['conflicts', 'show', 'cfl_zzzzzz']);
    expect(missing.exitCode).toBe(3);
    expect(missing.stderr).toMatch(/^harmonia: no conflict matches/);
    await remember('I work at Google');
    await remember('I work at Initech', ['--on-conflict', 'ask']);
    const ambiguous = await cli(['conflicts', 'show', 'cfl_0']);
    expect(ambiguous.exitCode).toBe(2);
    expect(ambiguous.stderr).toMatch(/ambiguous/);
  });

  it('resolves with the suggested strategy, or --strategy; undo restores; dismiss drops the candidate', async () => {
    const pending = await pendingConflict();
    const resolved = await json<ConflictRec & { action: string; memory: Rec }>(['conflicts', 'resolve', pending.id]);
    expect(resolved).toMatchObject({ status: 'applied', strategy: 'update', action: 'updated', resolved_by: 'user', memory: { content: 'User moved to Denver' } });
    expect((await cli(['conflicts', 'resolve', pending.id])).exitCode).toBe(2);
    const undone = await json<ConflictRec & { restored: Rec[]; removed: string[] }>(['conflicts', 'undo', pending.id]);
    expect(undone).toMatchObject({ status: 'undone', restored: [{ content: 'User lives in Boston', version: 1 }], removed: [] });
    expect((await json<Rec[]>(['list'])).map((m) => m.content)).toEqual(['User lives in Boston']);
    const replaced = await json<{ action: string }>(['conflicts', 'resolve', pending.id, '--strategy', 'replace']);
    expect(replaced.action).toBe('replaced');
    await json(['conflicts', 'undo', pending.id]);
    const dismissed = await json<ConflictRec>(['conflicts', 'dismiss', pending.id]);
    expect(dismissed.status).toBe('dismissed');
    expect((await json<Rec[]>(['list', '--status', 'all'])).map((m) => m.content)).toEqual(['User lives in Boston']);
    expect((await cli(['conflicts', 'undo', pending.id])).exitCode).toBe(2);
  });

  it('undoes an automatic resolution', async () => {
    await remember('Biggie loves his stuffed Costco chicken');
    const auto = (await remember('Biggie now loves his yellow ball')).conflicts[0]!;
    await json(['conflicts', 'undo', auto.id.slice(0, 14)]);
    const list = await json<Rec[]>(['list']);
    expect(list).toMatchObject([{ content: 'Biggie loves his stuffed Costco chicken', version: 1 }]);
  });

  it('resolve --all applies every pending conflict and reports each', async () => {
    await remember('I live in Boston');
    await remember('I work at Google');
    await remember('I moved to Denver', ['--on-conflict', 'ask']);
    await remember('I work at Initech', ['--on-conflict', 'ask']);
    const out = await json<{ count: number; resolved: { action: string }[]; failed: unknown[] }>(['conflicts', 'resolve', '--all', '--strategy', 'keep_both']);
    expect(out).toMatchObject({ count: 2, failed: [] });
    expect(out.resolved.map((r) => r.action)).toEqual(['created', 'created']);
    expect((await json<ConflictRec[]>(['conflicts'])).length).toBe(0);
    expect((await json<Rec[]>(['list'])).length).toBe(4);
  });

  it('usage errors: no id, id and --all, unknown strategy', async () => {
    for (const args of [['conflicts', 'resolve'], ['conflicts', 'resolve', 'cfl_x', '--all'], ['conflicts', 'resolve', '--all', '--strategy', 'smash']]) {
      const r = await cli(args);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^harmonia: /);
    }
  });
});

describe('harmonia conflicts policy', () => {
  it('sets, shows and unsets the default and overrides, which remember then follows', async () => {
    const initial = await json<{ default: { strategy: string; from: string }; overrides: unknown[] }>(['conflicts', 'policy']);
    expect(initial).toMatchObject({ default: { strategy: 'auto', from: 'config' }, overrides: [] });
    const set = await json<{ overrides: { scope: string; value: string; strategy: string }[] }>(['conflicts', 'policy', 'set', 'ask', '--category', '/Location/']);
    expect(set.overrides).toMatchObject([{ scope: 'category', value: 'location', strategy: 'ask' }]);
    await json(['conflicts', 'policy', 'set', 'keep_both', '--type', 'professional']);
    await json(['conflicts', 'policy', 'set', 'replace']);
    await remember('I live in Boston');
    expect((await remember('I moved to Denver')).memories[0]!.action).toBe('pending');
    await remember('I work at Google');
    expect((await remember('I work at Initech')).conflicts[0]).toMatchObject({ strategy: 'keep_both', resolved_by: 'policy:type:professional:keep_both' });
    expect((await remember('I work at Initech', ['--on-conflict', 'auto'])).memories[0]!.action).toBe('skipped');
    const unset = await json<{ default: { from: string }; overrides: unknown[] }>(['conflicts', 'policy', 'unset', '--category', 'location']);
    expect(unset.overrides).toHaveLength(1);
    expect((await json<{ default: { strategy: string } }>(['conflicts', 'policy', 'unset'])).default.strategy).toBe('auto');
    for (const args of [['conflicts', 'policy', 'set', 'smash'], ['conflicts', 'policy', 'set', 'ask', '--type', 'pet'], ['conflicts', 'policy', 'set', 'ask', '--type', 'health', '--category', 'x']]) {
      expect((await cli(args)).exitCode, args.join(' ')).toBe(2);
    }
  });

  it('the config file conflicts.policy is the default when the user set none', async () => {
    await cli(['config', 'set', 'conflicts.policy', 'ask']);
    await remember('I live in Boston');
    expect((await remember('I moved to Denver')).memories[0]!.action).toBe('pending');
    expect((await json<{ default: { strategy: string; from: string } }>(['conflicts', 'policy'])).default).toEqual({ strategy: 'ask', from: 'config' });
  });
});

describe('show and rm --purge', () => {
  it('show lists links with the memory at the other end', async () => {
    const spanish = (await remember('I speak Spanish')).memories[0]!;
    const french = await remember('I speak French');
    expect(french.memories[0]!.action).toBe('linked');
    const shown = await json<{ links: { memory_id: string; kind: string; content: string }[] }>(['show', spanish.id]);
    expect(shown.links).toMatchObject([{ memory_id: french.memories[0]!.id, kind: 'related', content: 'User speaks French' }]);
    const human = await cli(['show', spanish.id, '--format', 'table']);
    expect(human.stdout).toMatch(/Links:\n\s+related\s+mem_\w+ {2}User speaks French/);
  });

  it('rm --purge erases the conflicts and the candidate text they carry', async () => {
    const first = await remember('Biggie loves his stuffed Costco chicken');
    await remember('Biggie now loves his yellow ball');
    const r = await cli(['rm', '--purge', first.memories[0]!.id, '--json']);
    expect(r.exitCode).toBe(0);
    expect(await json<ConflictRec[]>(['conflicts', 'list', '--all'])).toEqual([]);
    const dir = join(home.dir, 'data', 'users');
    for (const file of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, file));
      expect(bytes.includes(Buffer.from('yellow ball')), file).toBe(false);
    }
  });
});
