/**
 * `harmonia doctor` (SPEC `doctor`): facts about the installation are collected into one serialisable object
 * (DoctorFacts), then pure checks turn them into findings, each ok, warn or fail with a one-line fix. Collecting is
 * I/O (src/cli/doctor-facts.ts); judging is here, testable on hand-written facts.
 */

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  id: string;
  /** The user whose database this check is about. */
  user?: string;
  status: CheckStatus;
  message: string;
  fix: string | null;
}

export interface PathFacts {
  path: string;
  exists: boolean;
  isDirectory: boolean;
  /** Permission bits as octal text ("0700"), null when absent. */
  mode: string | null;
  ownedByMe: boolean | null;
}

export interface DatabaseFacts {
  user: string;
  file: PathFacts;
  /** -wal and -shm files that exist, with their modes. */
  sidecars: PathFacts[];
  /** Why the file could not be read as a database at all (not a database, locked, unreadable). */
  openError: string | null;
  /** quick_check's rows: ["ok"] when healthy. */
  quickCheck: string[] | null;
  /** "ok" or what FTS5's integrity-check said. */
  /** 'ok', 'busy' (not checked: another process held the write lock), or what the check reported. */
  ftsIntegrity: string | null;
  schemaVersion: number | null;
  journalMode: string | null;
  memories: number | null;
  pendingMessages: number | null;
}

export interface DoctorFacts {
  harmonia: { version: string };
  node: { version: string };
  sqlite: { version: string | null; fts5: boolean; error: string | null };
  dataDir: PathFacts;
  usersDir: PathFacts;
  config: { file: PathFacts; folder: PathFacts; valid: boolean; error: string | null; /** The key the schema rejects, when the file is JSON. */ badKey: string | null };
  timezone: { zone: string | null; origin: string; error: string | null };
  expectedSchemaVersion: number;
  databases: DatabaseFacts[];
  ollama: {
    extractor: string;
    host: string;
    hostOrigin: string;
    local: boolean;
    model: string;
    /** Null when not probed (the extractor does not use Ollama). */
    reachable: boolean | null;
    version: string | null;
    modelPulled: boolean | null;
    error: string | null;
  };
}

export const REQUIRED_NODE = '20.19.0';
/** FTS5 `secure-delete`, which migration 1 sets, needs SQLite 3.44. */
export const REQUIRED_SQLITE = '3.44.0';

export function versionAtLeast(version: string, required: string): boolean {
  const a = version.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  const b = required.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

function modeBits(path: PathFacts): number {
  return path.mode === null ? 0 : Number.parseInt(path.mode, 8);
}

const FIX_HINT = '(or run `harmonia doctor --fix`)';

/** Private folders: others writing is a failure (they could swap files), others reading a warning. */
function privacyCheck(id: string, what: string, path: PathFacts, wanted: '0700' | '0600', user?: string): Check | null {
  if (!path.exists) return null;
  const bits = modeBits(path);
  const base = user === undefined ? {} : { user };
  const fix = `chmod ${wanted.slice(1)} '${path.path}' ${FIX_HINT}`;
  if (bits & 0o022) {
    return { id, ...base, status: 'fail', message: `${what} ${path.path} is ${path.mode}: other users can change it`, fix };
  }
  if (bits & 0o044) {
    return { id, ...base, status: wanted === '0600' ? 'fail' : 'warn', message: `${what} ${path.path} is ${path.mode}: other users can read it`, fix };
  }
  if (path.ownedByMe === false) {
    return { id, ...base, status: 'warn', message: `${what} ${path.path} belongs to another user`, fix: `chown it to yourself, or use your own --data-dir` };
  }
  return null;
}

function installationChecks(f: DoctorFacts): Check[] {
  const checks: Check[] = [];
  checks.push(
    versionAtLeast(f.node.version, REQUIRED_NODE)
      ? { id: 'node', status: 'ok', message: `Node ${f.node.version} (needs >= ${REQUIRED_NODE})`, fix: null }
      : { id: 'node', status: 'fail', message: `Node ${f.node.version} is older than ${REQUIRED_NODE}`, fix: `install Node ${REQUIRED_NODE} or newer` },
  );
  if (f.sqlite.version === null) {
    checks.push({ id: 'sqlite', status: 'fail', message: `SQLite cannot be loaded: ${f.sqlite.error ?? 'unknown error'}`, fix: 'reinstall: `npm ci` (better-sqlite3 compiles SQLite)' });
  } else if (!f.sqlite.fts5) {
    checks.push({ id: 'sqlite', status: 'fail', message: `SQLite ${f.sqlite.version} has no FTS5 (full-text search)`, fix: 'reinstall better-sqlite3: `npm ci`' });
  } else if (!versionAtLeast(f.sqlite.version, REQUIRED_SQLITE)) {
    checks.push({ id: 'sqlite', status: 'fail', message: `SQLite ${f.sqlite.version} is older than ${REQUIRED_SQLITE}`, fix: 'reinstall better-sqlite3: `npm ci`' });
  } else {
    checks.push({ id: 'sqlite', status: 'ok', message: `SQLite ${f.sqlite.version} with FTS5`, fix: null });
  }

  for (const [id, what, path] of [
    ['data-dir', 'data directory', f.dataDir],
    ['users-dir', 'users directory', f.usersDir],
  ] as const) {
    if (!path.exists) {
      checks.push({ id, status: 'ok', message: `${what} ${path.path} does not exist yet (created by the first \`harmonia remember\`)`, fix: null });
    } else if (!path.isDirectory) {
      checks.push({ id, status: 'fail', message: `${what} ${path.path} is not a folder`, fix: `move it aside, or choose another --data-dir` });
    } else {
      checks.push(privacyCheck(id, what, path, '0700') ?? { id, status: 'ok', message: `${what} ${path.path} (${path.mode})`, fix: null });
    }
  }

  const config = f.config;
  if (!config.file.exists) {
    checks.push({ id: 'config', status: 'ok', message: `no config file at ${config.file.path}: defaults apply`, fix: null });
  } else if (!config.valid) {
    const fix = config.badKey
      ? `\`harmonia config unset ${config.badKey}\`, or set a valid value with \`harmonia config set ${config.badKey} VALUE\``
      : `fix the JSON in ${config.file.path} by hand, or remove the file`;
    checks.push({ id: 'config', status: 'fail', message: config.error ?? `config file ${config.file.path} is invalid`, fix });
  } else {
    checks.push({ id: 'config', status: 'ok', message: `config file ${config.file.path} is valid`, fix: null });
  }
  for (const [what, path, wanted] of [
    ['config folder', config.folder, '0700'],
    ['config file', config.file, '0600'],
  ] as const) {
    // The config names the Ollama host: someone who can change it can send your messages elsewhere.
    if (!path.exists) continue;
    const bits = modeBits(path);
    if (bits & 0o022) {
      checks.push({ id: 'config-permissions', status: 'fail', message: `${what} ${path.path} is ${path.mode}: other users can change where your messages are sent`, fix: `chmod ${wanted.slice(1)} '${path.path}' ${FIX_HINT}` });
    }
  }

  checks.push(
    f.timezone.error !== null
      ? { id: 'timezone', status: 'fail', message: f.timezone.error, fix: 'use an IANA zone: `harmonia config set timezone Europe/Paris`, or fix HARMONIA_TZ / TZ' }
      : { id: 'timezone', status: 'ok', message: `time zone ${f.timezone.zone} (from ${f.timezone.origin})`, fix: null },
  );
  return checks;
}

function databaseChecks(db: DatabaseFacts, expected: number): Check[] {
  const user = db.user;
  const checks: Check[] = [];
  const add = (id: string, status: CheckStatus, message: string, fix: string | null = null): void => {
    checks.push({ id, user, status, message, fix });
  };
  const privacy = [privacyCheck('database-permissions', 'database', db.file, '0600', user), ...db.sidecars.map((s) => privacyCheck('database-permissions', 'database file', s, '0600', user))];
  for (const finding of privacy) if (finding) checks.push(finding);
  if (db.openError !== null) {
    add('database', 'fail', db.openError, `move it aside and restore from an export (\`harmonia import\`), or salvage it with \`sqlite3 '${db.file.path}' .recover\``);
    return checks;
  }
  const quick = db.quickCheck ?? [];
  const count = db.memories ?? 0;
  if (quick.length === 1 && quick[0] === 'ok') add('quick-check', 'ok', `${db.file.path}: quick_check ok (${count} ${count === 1 ? 'memory' : 'memories'})`);
  else {
    add('quick-check', 'fail', `${db.file.path} is damaged: ${quick.slice(0, 2).join('; ')}${quick.length > 2 ? ` (+${quick.length - 2} more)` : ''}`,
      `salvage it with \`sqlite3 '${db.file.path}' .recover > dump.sql\`, or restore from an export`);
  }
  if (db.ftsIntegrity === 'ok') add('fts-integrity', 'ok', 'full-text index in step with the memories');
  else if (db.ftsIntegrity === 'busy') add('fts-integrity', 'warn', 'full-text index not checked: another process was writing', 'run `harmonia doctor` again');
  else add('fts-integrity', 'fail', `full-text index out of step with the memories: ${db.ftsIntegrity ?? 'not checked'}`, 'rebuild it: `harmonia doctor --fix`');
  const version = db.schemaVersion ?? 0;
  if (version === expected) add('schema', 'ok', `schema version ${version}`);
  else if (version < expected) add('schema', 'warn', `schema version ${version}, current is ${expected}`, 'migrate: `harmonia doctor --fix` (any command that writes also migrates)');
  else add('schema', 'fail', `schema version ${version} is newer than this harmonia (${expected})`, 'upgrade harmonia');
  if (db.journalMode === 'wal') add('journal-mode', 'ok', 'journal mode wal');
  else add('journal-mode', 'warn', `journal mode ${db.journalMode ?? 'unknown'}, not wal: concurrent writers may fail`, 'switch to WAL: `harmonia doctor --fix`');
  const pending = db.pendingMessages ?? 0;
  if (pending === 0) add('pending', 'ok', 'no messages waiting for extraction');
  else add('pending', 'warn', `${pending} ${pending === 1 ? 'message waits' : 'messages wait'} for extraction (the extractor failed)`, `harmonia remember --retry -u ${user}`);
  return checks;
}

function ollamaChecks(o: DoctorFacts['ollama']): Check[] {
  const checks: Check[] = [];
  if (!o.local) {
    checks.push({
      id: 'ollama-host',
      status: 'warn',
      message: `Ollama host ${o.host} (from ${o.hostOrigin}) is not this machine: remembered messages would leave it`,
      fix: 'use a local server: `harmonia config set ollama.host http://127.0.0.1:11434`, or `--extractor rules`',
    });
  } else {
    checks.push({ id: 'ollama-host', status: 'ok', message: `Ollama host ${o.host} is on this machine`, fix: null });
  }
  if (o.reachable === null) {
    checks.push({ id: 'ollama', status: 'ok', message: `not checked: the extractor is ${o.extractor}`, fix: null });
    return checks;
  }
  // With `auto`, a missing server or model only means the rules extractor is used; with `ollama` it means failure.
  const missing: CheckStatus = o.extractor === 'ollama' ? 'fail' : 'warn';
  const fallback = o.extractor === 'ollama' ? '' : '; remember falls back to the rules extractor';
  if (!o.reachable) {
    checks.push({ id: 'ollama', status: missing, message: `Ollama is not reachable: ${o.error ?? o.host}${fallback}`, fix: 'start it with `ollama serve`, or set the host with `harmonia config set ollama.host URL`' });
    return checks;
  }
  checks.push({ id: 'ollama', status: 'ok', message: `Ollama ${o.version ?? '(version unknown)'} answers at ${o.host}`, fix: null });
  checks.push(
    o.modelPulled
      ? { id: 'ollama-model', status: 'ok', message: `model ${o.model} is pulled`, fix: null }
      : { id: 'ollama-model', status: missing, message: `${o.error ?? `model ${o.model} is not pulled at ${o.host}`}${fallback}`, fix: `ollama pull ${o.model}` },
  );
  return checks;
}

export function runChecks(facts: DoctorFacts): Check[] {
  return [
    ...installationChecks(facts),
    ...facts.databases.flatMap((db) => databaseChecks(db, facts.expectedSchemaVersion)),
    ...ollamaChecks(facts.ollama),
  ];
}

export interface DoctorReport {
  ok: boolean;
  counts: Record<CheckStatus, number>;
  checks: Check[];
  /** What --fix changed. */
  fixed: string[];
  facts: DoctorFacts;
}

export function buildReport(facts: DoctorFacts, fixed: string[] = []): DoctorReport {
  const checks = runChecks(facts);
  const counts: Record<CheckStatus, number> = { ok: 0, warn: 0, fail: 0 };
  for (const check of checks) counts[check.status]++;
  return { ok: counts.fail === 0, counts, checks, fixed, facts };
}

/** The repairs --fix may make for these facts: all safe (nothing is deleted or rewritten by guesswork). */
export interface Repair {
  kind: 'chmod' | 'rebuild-fts' | 'migrate';
  path: string;
  user?: string;
  mode?: number;
}

export function plannedRepairs(facts: DoctorFacts): Repair[] {
  const repairs: Repair[] = [];
  const chmod = (path: PathFacts, mode: number): void => {
    if (path.exists && path.ownedByMe !== false && (modeBits(path) & 0o077) !== 0) repairs.push({ kind: 'chmod', path: path.path, mode });
  };
  if (facts.dataDir.isDirectory) chmod(facts.dataDir, 0o700);
  if (facts.usersDir.isDirectory) chmod(facts.usersDir, 0o700);
  if (facts.config.folder.exists) chmod(facts.config.folder, 0o700);
  if (facts.config.file.exists && !facts.config.file.isDirectory) chmod(facts.config.file, 0o600);
  for (const db of facts.databases) {
    chmod(db.file, 0o600);
    for (const sidecar of db.sidecars) chmod(sidecar, 0o600);
    if (db.openError !== null) continue;
    const healthy = db.quickCheck?.length === 1 && db.quickCheck[0] === 'ok';
    // Never write to a damaged file: a migration or rebuild could make the damage worse.
    if (!healthy) continue;
    if ((db.schemaVersion ?? 0) < facts.expectedSchemaVersion || db.journalMode !== 'wal') repairs.push({ kind: 'migrate', path: db.file.path, user: db.user });
    if (db.ftsIntegrity !== 'ok' && db.ftsIntegrity !== 'busy') repairs.push({ kind: 'rebuild-fts', path: db.file.path, user: db.user });
  }
  return repairs;
}
