import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBin, tempHome } from '../helpers/cli.js';

interface Rec {
  id: string;
  content: string;
  status: string;
  action?: string;
}

let home: ReturnType<typeof tempHome>;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => home.cleanup());

async function bin(args: string[], input?: string) {
  const r = await runBin(args, { env: home.env, input });
  expect(r.stderr, args.join(' ')).toBe('');
  expect(r.exitCode, args.join(' ')).toBe(0);
  return r;
}

describe('conflicts through the binary', () => {
  it('the seed example: the chicken, then the yellow ball, leaves one active memory with the chicken in its history', async () => {
    await bin(['remember', '--extractor', 'rules', 'Biggie loves his stuffed Costco chicken']);
    const second = (await bin(['remember', '--extractor', 'rules', '--json'], 'Biggie now loves his yellow ball\n')).json<{ memories: Rec[]; conflicts: { kind: string }[] }>();
    expect(second.memories.map((m) => m.action)).toEqual(['updated']);
    expect(second.conflicts.map((c) => c.kind)).toEqual(['update']);
    const active = (await bin(['list', '--json'])).json<Rec[]>();
    expect(active).toHaveLength(1);
    expect(active[0]!.content).toMatch(/yellow ball/);
    const shown = (await bin(['show', active[0]!.id, '--json'])).json<{ history: { before: { content?: string } | null }[] }>();
    expect(shown.history.some((h) => h.before?.content === 'Biggie loves his stuffed Costco chicken')).toBe(true);
    const human = await bin(['show', active[0]!.id, '--format', 'table']);
    expect(human.stdout).toContain('content was "Biggie loves his stuffed Costco chicken"');
  });

  it('"My name is Jason" twice is one memory', async () => {
    await bin(['remember', '--extractor', 'rules', 'My name is Jason']);
    await bin(['remember', '--extractor', 'rules', 'My name is Jason']);
    const all = (await bin(['list', '--status', 'all', '--json'])).json<Rec[]>();
    expect(all.map((m) => m.content)).toEqual(["User's name is Jason"]);
  });

  it('a pending conflict waits in the queue across processes, is resolved, then undone', async () => {
    await bin(['remember', '--extractor', 'rules', 'I live in Boston']);
    const asked = (await bin(['remember', '--extractor', 'rules', '--on-conflict', 'ask', '--json', 'I moved to Denver'])).json<{ conflicts: { id: string }[] }>();
    const id = asked.conflicts[0]!.id;
    const queue = (await bin(['conflicts', 'list', '--json'])).json<{ id: string; status: string }[]>();
    expect(queue).toEqual([expect.objectContaining({ id, status: 'pending' })]);
    await bin(['conflicts', 'resolve', id, '--strategy', 'archive_old', '--json']);
    const statuses = (await bin(['list', '--status', 'all', '--json'])).json<Rec[]>().map((m) => [m.content, m.status]);
    expect(statuses.sort()).toEqual([
      ['User lives in Boston', 'archived'],
      ['User moved to Denver', 'active'],
    ]);
    await bin(['conflicts', 'undo', id, '--json']);
    expect((await bin(['list', '--status', 'all', '--json'])).json<Rec[]>().map((m) => [m.content, m.status])).toEqual([['User lives in Boston', 'active']]);
    const missing = await runBin(['conflicts', 'undo', 'cfl_zzzz'], { env: home.env });
    expect(missing.exitCode).toBe(3);
    expect(missing.stderr).toBe('harmonia: no conflict matches "cfl_zzzz"\nhint: see `harmonia conflicts list --all`\n');
  });
});
