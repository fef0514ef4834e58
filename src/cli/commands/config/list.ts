import { effectiveSettings, validateDocument } from '../../../config/keys.js';
import type { CommandContext } from '../../context.js';
import { formatIgnoringConfig, readConfigDocument } from '../../config-file.js';
import { printObject, renderTable } from '../../output.js';
import { humanValue } from './get.js';

/** Every setting with its effective value and where it comes from (default, file or env). */
export async function run(ctx: CommandContext): Promise<void> {
  const format = formatIgnoringConfig(ctx);
  const path = ctx.configPath;
  const doc = readConfigDocument(path);
  if (doc !== null) validateDocument(doc, path);
  const settings = effectiveSettings(doc, ctx.env);
  await printObject(ctx, { path, settings }, format, async () => {
    const { systemTimeZone } = await import('../../../time/zone.js');
    const shown = (key: string, value: unknown): string => {
      if (value !== null) return humanValue(value);
      if (key === 'timezone') return `(system: ${systemTimeZone()})`;
      if (key === 'format') return '(table on a terminal, else json)';
      return '';
    };
    return renderTable(
      ctx,
      [{ header: 'Key' }, { header: 'Value', flex: 1 }, { header: 'Source' }],
      settings.map((s) => [s.key, shown(s.key, s.value), s.env ? `env ${s.env}` : s.source]),
    );
  });
}
