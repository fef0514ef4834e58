/** The conflict strategies of the contract (SPEC `conflicts`). */
export const STRATEGIES = ['update', 'replace', 'merge', 'link', 'create_new', 'keep_both', 'archive_old'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** What `--on-conflict` and the policy accept: the strategies, `auto` (the policy) and `ask` (leave it pending). */
export const ON_CONFLICT_CHOICES = ['auto', 'ask', ...STRATEGIES] as const;
export type OnConflict = (typeof ON_CONFLICT_CHOICES)[number];

export function isOnConflict(value: string): value is OnConflict {
  return (ON_CONFLICT_CHOICES as readonly string[]).includes(value);
}
