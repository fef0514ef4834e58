import { conflictToJson, type Conflict } from '../../../core/conflicts/conflict.js';
import type { CommandContext } from '../../context.js';
import { humanTime, renderTable } from '../../output.js';

/** Shared rendering of conflict records for the `conflicts` subcommands. */

export { conflictToJson };

function decision(c: Conflict): string {
  switch (c.status) {
    case 'pending':
      return `pending (suggests ${c.suggested})`;
    case 'applied':
      return `applied: ${c.strategy}`;
    case 'undone':
      return `undone (${c.strategy})`;
    default:
      return c.status;
  }
}

export async function conflictTable(ctx: CommandContext, conflicts: readonly Conflict[]): Promise<string> {
  const zone = await ctx.timeZone();
  return renderTable(
    ctx,
    [{ header: 'ID' }, { header: 'Kind' }, { header: 'Status' }, { header: 'Existing', flex: 1 }, { header: 'New', flex: 1 }, { header: 'Found' }],
    conflicts.map((c) => [c.id, c.kind, decision(c), c.existing.content, c.candidate.content, humanTime(c.createdAt, zone)]),
  );
}

export function conflictHuman(c: Conflict, zone: string): string {
  const lines = [
    `${c.id}  (${c.kind}, ${decision(c)})`,
    `  existing    ${c.memoryId}  ${c.existing.content}`,
    `  new         ${c.candidate.id}  ${c.candidate.content}`,
    `  similarity  ${c.similarity}${c.reason ? `  (${c.judge}: ${c.reason})` : ''}`,
    `  suggested   ${c.suggested}`,
  ];
  if (c.touched.length > 0) lines.push(`  touched     ${c.touched.join(', ')}`);
  if (c.resolvedBy) lines.push(`  decided by  ${c.resolvedBy}`);
  lines.push(`  found       ${humanTime(c.createdAt, zone)}${c.messageId ? `  (message ${c.messageId})` : ''}`);
  if (c.resolvedAt) lines.push(`  ${c.status === 'dismissed' ? 'dismissed' : 'resolved '}   ${humanTime(c.resolvedAt, zone)}`);
  if (c.undoneAt) lines.push(`  undone      ${humanTime(c.undoneAt, zone)}`);
  return `${lines.join('\n')}\n`;
}
