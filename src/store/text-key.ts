/**
 * The key exact duplicates are found by: a 53-bit hash of the lower-cased text (cyrb53), stored in
 * `memories.text_key` and indexed for active memories. Eight bytes a key keep the index small enough to stay in the
 * page cache at 100k memories, where an index on the text itself (migration 3) cost a bulk import a fifth of its
 * time. Equal keys are only candidates: the text is compared too (SQLite's lower(): text equal under it is equal
 * under toLowerCase, so no duplicate is missed).
 */
export function textKey(content: string): number {
  return hash53(content.toLowerCase());
}

/** cyrb53: a 53-bit hash of a string, a safe integer for SQLite. */
export function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
