/**
 * Numbered, append-only schema migrations (SPEC section 6). `PRAGMA user_version` holds the number of the last
 * one applied. Never edit a migration that has shipped: add the next one.
 */
import type { Db } from './db.js';
import { FACT_KEYS_FUNCTION, hasFactKeysSql } from './fact-keys.js';
import { textKey } from './text-key.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** What SQL cannot do alone (filling a column our code computes), run after `sql` in the same transaction. */
  run?: (db: Db) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'messages, memories, history and the full-text index',
    sql: `
CREATE TABLE messages (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  content      TEXT,                 -- NULL once purged
  ref_at       TEXT NOT NULL,        -- reference instant for relative times (ISO, UTC)
  tz           TEXT NOT NULL,        -- the user's IANA zone when it was remembered
  session      TEXT,
  source       TEXT,
  status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processed', 'purged')),
  extractor    TEXT,
  error        TEXT,
  attempts     INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL,
  processed_at TEXT
);
CREATE INDEX messages_pending ON messages(seq) WHERE status = 'pending';
CREATE INDEX messages_source ON messages(source) WHERE source IS NOT NULL;

CREATE TABLE memories (
  seq          INTEGER PRIMARY KEY,  -- the full-text index's rowid; stable across VACUUM
  id           TEXT NOT NULL UNIQUE,
  content      TEXT NOT NULL,
  type         TEXT NOT NULL,
  category     TEXT NOT NULL,
  confidence   REAL NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
  status       TEXT NOT NULL CHECK (status IN ('active', 'archived', 'superseded', 'deleted')),
  entities     TEXT NOT NULL DEFAULT '[]',
  event_at     TEXT,                 -- ISO in the user's zone, with offset
  event_end    TEXT,
  event_grain  TEXT,
  event_text   TEXT,
  event_utc    TEXT,                 -- event_at as a UTC instant, for range filters and sorting
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1,
  message_id   TEXT REFERENCES messages(id) ON DELETE SET NULL,
  source_ref   TEXT,
  session      TEXT
);
CREATE INDEX memories_status_created ON memories(status, created_at);
CREATE INDEX memories_event ON memories(event_utc) WHERE event_utc IS NOT NULL;
CREATE INDEX memories_type ON memories(type);
CREATE INDEX memories_category ON memories(category);
CREATE INDEX memories_message ON memories(message_id);

CREATE TABLE memory_history (
  seq         INTEGER PRIMARY KEY,
  memory_id   TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
  version     INTEGER NOT NULL,      -- the memory's version after this change
  action      TEXT NOT NULL,         -- created, updated, deleted, restored, refreshed, ...
  before      TEXT,                  -- JSON of the changed fields before
  after       TEXT,                  -- JSON of the changed fields after
  reason      TEXT,
  actor       TEXT NOT NULL,         -- user, extractor:<name>, conflict:<id>, import
  conflict_id TEXT,
  at          TEXT NOT NULL
);
CREATE INDEX memory_history_memory ON memory_history(memory_id, seq);

CREATE VIRTUAL TABLE memories_fts USING fts5(
  content, entities, category, type,
  content = 'memories', content_rowid = 'seq',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
-- Deleted rows leave nothing behind in the index (needed by rm --purge; migration 6 does that another way).
INSERT INTO memories_fts(memories_fts, rank) VALUES ('secure-delete', 1);

CREATE TRIGGER memories_fts_insert AFTER INSERT ON memories BEGIN
  INSERT INTO memories_fts(rowid, content, entities, category, type)
  VALUES (new.seq, new.content, new.entities, new.category, new.type);
END;
CREATE TRIGGER memories_fts_delete AFTER DELETE ON memories BEGIN
  INSERT INTO memories_fts(memories_fts, rowid, content, entities, category, type)
  VALUES ('delete', old.seq, old.content, old.entities, old.category, old.type);
END;
CREATE TRIGGER memories_fts_update AFTER UPDATE OF content, entities, category, type ON memories
WHEN old.content IS NOT new.content OR old.entities IS NOT new.entities
  OR old.category IS NOT new.category OR old.type IS NOT new.type BEGIN
  INSERT INTO memories_fts(memories_fts, rowid, content, entities, category, type)
  VALUES ('delete', old.seq, old.content, old.entities, old.category, old.type);
  INSERT INTO memories_fts(rowid, content, entities, category, type)
  VALUES (new.seq, new.content, new.entities, new.category, new.type);
END;
`,
  },
  {
    version: 2,
    name: 'conflicts review queue, memory links and per-user conflict policy',
    sql: `
CREATE TABLE conflicts (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  kind         TEXT NOT NULL CHECK (kind IN ('duplicate', 'update', 'contradiction', 'related')),
  -- The existing memory; purging it erases the conflict (its snapshot carries the memory's text).
  memory_id    TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
  existing     TEXT NOT NULL,        -- JSON record of the existing memory when the conflict was found
  candidate_id TEXT NOT NULL,        -- the new memory's id (a row in memories only once a strategy created it)
  candidate    TEXT NOT NULL,        -- JSON record of the candidate memory
  similarity   REAL NOT NULL,
  reason       TEXT,
  judge        TEXT NOT NULL DEFAULT 'rules',
  suggested    TEXT NOT NULL,        -- the strategy Harmonia suggests (or skip for duplicates)
  status       TEXT NOT NULL CHECK (status IN ('pending', 'applied', 'dismissed', 'undone')),
  strategy     TEXT,                 -- the strategy applied
  touched      TEXT NOT NULL DEFAULT '[]', -- JSON array of the memory ids the applied strategy changed or created
  resolved_by  TEXT,                 -- policy:<value>, flag:<value>, user
  message_id   TEXT,
  created_at   TEXT NOT NULL,
  resolved_at  TEXT,
  undone_at    TEXT
);
CREATE INDEX conflicts_status ON conflicts(status, seq);
CREATE INDEX conflicts_memory ON conflicts(memory_id);
CREATE INDEX conflicts_candidate ON conflicts(candidate_id);

CREATE TABLE memory_links (
  seq         INTEGER PRIMARY KEY,
  memory_a    TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
  memory_b    TEXT NOT NULL REFERENCES memories(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,         -- related (link), conflicting (keep_both)
  conflict_id TEXT,
  created_at  TEXT NOT NULL
);
CREATE INDEX memory_links_a ON memory_links(memory_a);
CREATE INDEX memory_links_b ON memory_links(memory_b);
CREATE INDEX memory_links_conflict ON memory_links(conflict_id);

CREATE TABLE conflict_policy (
  scope      TEXT NOT NULL CHECK (scope IN ('default', 'type', 'category')),
  value      TEXT NOT NULL DEFAULT '',  -- '' for default, a memory type, or a category path
  strategy   TEXT NOT NULL,             -- auto, ask or a strategy
  updated_at TEXT NOT NULL,
  PRIMARY KEY (scope, value)
) WITHOUT ROWID;
`,
  },
  {
    version: 3,
    name: 'index of active memories by their text, for exact duplicates',
    // A prefix of the lower-cased text keeps keys short whatever the length of a raw message; the full text is
    // compared after the index narrows the rows.
    sql: `
CREATE INDEX memories_active_text ON memories(lower(substr(content, 1, 160))) WHERE status = 'active';
`,
  },
  {
    version: 4,
    name: 'exact duplicates found by a hash of the text (store/text-key.ts) instead of an index on the text',
    sql: `
ALTER TABLE memories ADD COLUMN text_key INTEGER;
DROP INDEX memories_active_text;
`,
    run: (db) => {
      db.function('harmonia_text_key', { deterministic: true }, (content) => textKey(String(content)));
      db.exec(`
UPDATE memories SET text_key = harmonia_text_key(content);
CREATE INDEX memories_active_text_key ON memories(text_key) WHERE status = 'active';
`);
    },
  },
  {
    version: 5,
    name: 'fact keys: the subjects, attributes and values of active memories, for conflict detection',
    // Kept by triggers through a SQL function (store/fact-keys.ts) that reads a memory's text as frames: every way
    // a memory is written, changed, archived or erased keeps its keys right. Only active facts have keys (not
    // verbatim chat turns: core/memory.ts isVerbatimTurn).
    sql: `
CREATE TABLE memory_keys (
  key INTEGER NOT NULL,          -- the key's hash (store/fact-keys.ts)
  seq INTEGER NOT NULL,          -- memories.seq
  PRIMARY KEY (key, seq)
) WITHOUT ROWID;

CREATE TRIGGER memory_keys_insert AFTER INSERT ON memories WHEN ${hasFactKeysSql('new')} BEGIN
  INSERT OR IGNORE INTO memory_keys (key, seq)
  SELECT value, new.seq FROM json_each(${FACT_KEYS_FUNCTION}(new.content, new.entities));
END;
-- A memory's keys are found again from its text (no second index on seq to keep up on every insert).
CREATE TRIGGER memory_keys_delete AFTER DELETE ON memories WHEN ${hasFactKeysSql('old')} BEGIN
  DELETE FROM memory_keys WHERE seq = old.seq AND key IN (SELECT value FROM json_each(${FACT_KEYS_FUNCTION}(old.content, old.entities)));
END;
CREATE TRIGGER memory_keys_update AFTER UPDATE OF content, entities, status, type, category ON memories
WHEN old.content IS NOT new.content OR old.entities IS NOT new.entities OR old.status IS NOT new.status
  OR old.type IS NOT new.type OR old.category IS NOT new.category BEGIN
  DELETE FROM memory_keys WHERE ${hasFactKeysSql('old')}
    AND seq = old.seq AND key IN (SELECT value FROM json_each(${FACT_KEYS_FUNCTION}(old.content, old.entities)));
  INSERT OR IGNORE INTO memory_keys (key, seq)
  SELECT value, new.seq FROM json_each(${FACT_KEYS_FUNCTION}(new.content, new.entities)) WHERE ${hasFactKeysSql('new')};
END;
`,
    run: rebuildFactKeys,
  },
  {
    version: 6,
    name: 'full-text deletes without secure-delete: a purge merges the index instead',
    // FTS5 secure-delete rewrote index pages on every change of a memory's text (an update in place deletes the old
    // text's entries), a third of what updating costs. Text that changes is kept in history anyway; only `rm --purge`
    // must leave nothing of it, and it merges the index into one segment, which drops every deleted entry
    // (MemoryRepository.compactIndex, core/lifecycle.ts).
    sql: `INSERT INTO memories_fts(memories_fts, rank) VALUES ('secure-delete', 0);`,
  },
];

/**
 * Computes every active memory's fact keys again. A migration that changes what keys a memory gets (the grammar of
 * core/conflicts/facts.ts, or core/conflicts/keys.ts) runs this.
 */
export function rebuildFactKeys(db: Db): void {
  db.exec(`
DELETE FROM memory_keys;
INSERT OR IGNORE INTO memory_keys (key, seq)
SELECT j.value, m.seq FROM memories m, json_each(${FACT_KEYS_FUNCTION}(m.content, m.entities)) j WHERE ${hasFactKeysSql('m')};
`);
}

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
