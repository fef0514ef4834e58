import { existsSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import { deleteMemories, purgeMemories } from '../../core/lifecycle.js';
import { MEMORY_STATUSES } from '../../core/memory.js';
import { deleteUserFiles } from '../../store/store.js';
import { userDbPath } from '../../config/paths.js';
import { confirmDestructive } from '../confirm.js';
import type { CommandContext } from '../context.js';
import { printObject } from '../output.js';

interface RmFlags {
  purge?: boolean;
  all?: boolean;
  yes?: boolean;
}

interface RmResult {
  action: 'deleted' | 'purged';
  user: string;
  count: number;
  ids: string[];
  /** Named memories that were already deleted (soft rm only). */
  unchanged: string[];
  file_removed?: boolean;
}

function human(result: RmResult): string {
  const what = result.action === 'purged' ? 'erased for good' : 'deleted';
  const lines = [`${result.count} ${result.count === 1 ? 'memory' : 'memories'} ${what}${result.file_removed ? ` (the file of ${result.user} was removed)` : ''}`];
  if (result.unchanged.length > 0) lines.push(`already deleted: ${result.unchanged.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export async function run(ctx: CommandContext, flags: RmFlags, ids: string[] = []): Promise<void> {
  const format = await ctx.format(['table', 'json', 'ndjson']);
  if (flags.all && ids.length > 0) throw new UsageError('give memory ids or --all, not both');
  if (!flags.all && ids.length === 0) throw new UsageError('name the memories to delete, or use --all', { hint: 'harmonia rm <id>...' });
  const user = ctx.user;

  if (flags.all) {
    const store = await ctx.openStore({ create: false });
    const count = store ? store.memories.count({ statuses: flags.purge ? MEMORY_STATUSES : ['active', 'archived', 'superseded'] }) : 0;
    const question = flags.purge
      ? `Erase all ${count} memories of ${user} for good, with their file`
      : `Delete all ${count} memories of ${user}`;
    if (!(await confirmDestructive(ctx, `${question}?`, flags.yes, `harmonia rm --all${flags.purge ? ' --purge' : ''} --yes`))) {
      ctx.notice('nothing deleted');
      return;
    }
    let result: RmResult;
    if (flags.purge) {
      // Not from under another process's write (a batch or an import still running would fail half-way, its file
      // gone): wait for the write lock like any writer (storage.busyTimeoutMs), else stop with nothing deleted.
      store?.write(() => undefined);
      ctx.close();
      const path = userDbPath(ctx.dataDir, user);
      const existed = existsSync(path);
      deleteUserFiles(path);
      result = { action: 'purged', user, count, ids: [], unchanged: [], file_removed: existed };
    } else {
      const changed = store ? deleteMemories(store, store.memories.allIds({ statuses: ['active', 'archived', 'superseded'] }), ctx.now()) : [];
      result = { action: 'deleted', user, count: changed.length, ids: changed.map((c) => c.memory.id), unchanged: [] };
    }
    await printObject(ctx, result, format, () => human(result));
    return;
  }

  const store = await ctx.readStore();
  // Resolve every id first: one unknown or ambiguous id changes nothing.
  const resolved = [...new Set(ids.map((id) => store.memories.resolveId(id)))];
  let result: RmResult;
  if (flags.purge) {
    const purged = purgeMemories(store, resolved);
    store.scrub();
    result = { action: 'purged', user, count: purged.length, ids: resolved, unchanged: [] };
  } else {
    const outcome = deleteMemories(store, resolved, ctx.now());
    result = {
      action: 'deleted',
      user,
      count: outcome.filter((o) => o.changed).length,
      ids: outcome.filter((o) => o.changed).map((o) => o.memory.id),
      unchanged: outcome.filter((o) => !o.changed).map((o) => o.memory.id),
    };
  }
  await printObject(ctx, result, format, () => human(result));
}
