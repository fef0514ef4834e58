import { conflictToJson } from '../../core/conflicts/conflict.js';
import { historyToJson, messageToJson } from '../../core/export-record.js';
import { describeMemory, type MemoryDetails } from '../../core/inspect.js';
import { memoryToJson } from '../../core/memory.js';
import type { HistoryEntry } from '../../core/ports.js';
import type { CommandContext } from '../context.js';
import { humanEvent, humanTime, printObject } from '../output.js';

export function detailsJson(details: MemoryDetails): Record<string, unknown> {
  return {
    ...memoryToJson(details.memory),
    history: details.history.map(historyToJson),
    message: details.message ? messageToJson(details.message) : null,
    links: details.links.map(({ link, other }) => ({
      memory_id: other?.id ?? (link.memoryA === details.memory.id ? link.memoryB : link.memoryA),
      kind: link.kind,
      conflict_id: link.conflictId,
      created_at: link.createdAt,
      content: other?.content ?? null,
      status: other?.status ?? null,
    })),
    conflicts: details.conflicts.map(conflictToJson),
  };
}

function describeChange(entry: HistoryEntry): string {
  if (entry.action === 'created') return 'created';
  const fields = Object.keys(entry.after ?? {});
  const parts = fields.map((field) => {
    const before = entry.before?.[field];
    const after = entry.after?.[field];
    return field === 'content' ? `content was "${String(before)}"` : `${field} ${JSON.stringify(before)} -> ${JSON.stringify(after)}`;
  });
  return parts.length > 0 ? `${entry.action}: ${parts.join('; ')}` : entry.action;
}

function human(details: MemoryDetails, timeZone: string): string {
  const m = details.memory;
  const lines = [
    `${m.id}  (${m.status}, version ${m.version})`,
    `  ${m.content}`,
    '',
    `  type        ${m.type}`,
    `  category    ${m.category}`,
    `  confidence  ${m.confidence}`,
  ];
  if (m.entities.length > 0) lines.push(`  entities    ${m.entities.join(', ')}`);
  if (m.eventAt) lines.push(`  event       ${humanEvent(m)}${m.eventText ? `  ("${m.eventText}")` : ''}`);
  lines.push(`  remembered  ${humanTime(m.createdAt, timeZone)}`, `  updated     ${humanTime(m.updatedAt, timeZone)}`);
  if (m.source.ref) lines.push(`  source      ${m.source.ref}`);
  if (m.source.session) lines.push(`  session     ${m.source.session}`);
  if (details.message) {
    lines.push('', `Message ${details.message.id}${details.message.content === null ? ' (purged)' : ''}:`);
    if (details.message.content !== null) lines.push(`  ${details.message.content.split('\n').join('\n  ')}`);
  }
  if (details.links.length > 0) {
    lines.push('', 'Links:');
    for (const { link, other } of details.links) {
      lines.push(`  ${link.kind.padEnd(11)} ${other ? `${other.id}  ${other.content}${other.status === 'active' ? '' : ` (${other.status})`}` : '(gone)'}`);
    }
  }
  if (details.conflicts.length > 0) {
    lines.push('', 'Conflicts:');
    for (const c of details.conflicts) {
      const role = c.memoryId === m.id ? `new: ${c.candidate.content}` : `with ${c.memoryId}: ${c.existing.content}`;
      lines.push(`  ${c.id}  ${c.kind}, ${c.status}${c.strategy ? ` (${c.strategy})` : ''}  ${role}`);
    }
  }
  lines.push('', 'History:');
  for (const entry of details.history) {
    lines.push(`  ${humanTime(entry.at, timeZone)}  v${entry.version}  ${describeChange(entry)}  (${entry.actor})`);
  }
  return `${lines.join('\n')}\n`;
}

export async function run(ctx: CommandContext, _flags: Record<string, never>, id: string): Promise<void> {
  const format = await ctx.format(['table', 'json', 'ndjson']);
  const store = await ctx.readStore();
  const details = describeMemory(store, id);
  if (details.memory.status === 'deleted') {
    ctx.notice(`memory ${details.memory.id} is deleted; \`harmonia restore ${details.memory.id}\` brings it back`);
  }
  await printObject(ctx, detailsJson(details), format, async () => human(details, await ctx.timeZone()));
}
