import { DEFAULT_CONFIG, loadConfig, type Config } from '../config/config.js';
import { resolveConfigPath, resolveDataDir, resolveUserId } from '../config/paths.js';
import { UsageError } from '../core/errors.js';
import { openUserStore, openInMemoryStore, type SqliteStore } from '../store/store.js';
import type { Io } from './io.js';
import { writeOut } from './io.js';

export const OUTPUT_FORMATS = ['table', 'json', 'ndjson', 'csv', 'tsv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The global options of every command (see program.ts). */
export interface GlobalOptions {
  user?: string;
  dataDir?: string;
  config?: string;
  tz?: string;
  format?: string;
  json?: boolean;
  color?: boolean;
  quiet?: boolean;
  debug?: boolean;
}

/**
 * What a command needs from the outside world, resolved lazily and once: user, data dir, config, zone, output
 * format, the store. Precedence everywhere: flags > environment > config file > defaults.
 */
export class CommandContext {
  private configCache: Config | null = null;
  private userCache: string | null = null;
  private readonly stores: SqliteStore[] = [];
  /** A command that ends without throwing may still report a non-zero exit code (e.g. skipped batch lines). */
  exitCode = 0;

  constructor(
    readonly io: Io,
    readonly globals: GlobalOptions,
  ) {}

  /**
   * Checks the global flags every command accepts, even where a command never reads them: `list --tz Mars/Base`
   * is a mistake worth saying. Cheap: Intl knows the zones without loading luxon.
   */
  checkGlobals(): void {
    const tz = this.globals.tz;
    if (tz === undefined) return;
    let valid = tz.trim() !== '';
    if (valid) {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
      } catch {
        valid = false;
      }
    }
    if (!valid) {
      throw new UsageError(`invalid time zone ${JSON.stringify(tz)} (from --tz)`, { hint: 'use an IANA name such as Europe/Paris or America/New_York' });
    }
  }

  get env(): Io['env'] {
    return this.io.env;
  }

  now(): Date {
    return this.io.now();
  }

  get user(): string {
    this.userCache ??= resolveUserId(this.globals.user, this.io.env);
    return this.userCache;
  }

  get dataDir(): string {
    return resolveDataDir(this.globals.dataDir, this.io.env);
  }

  get configPath(): string {
    return resolveConfigPath(this.globals.config, this.io.env);
  }

  /** The config file merged over defaults; zod is loaded only if the file exists. */
  async config(): Promise<Config> {
    this.configCache ??= await loadConfig(this.configPath);
    return this.configCache;
  }

  /** The config if it has been loaded already, else the defaults (for paths that must stay cheap). */
  get loadedConfigOrDefaults(): Config {
    return this.configCache ?? DEFAULT_CONFIG;
  }

  /** --tz, else HARMONIA_TZ, else TZ, else the config file, else the system zone. Validated. */
  async timeZone(): Promise<string> {
    const { isValidTimeZone, systemTimeZone } = await import('../time/zone.js');
    const pick = (value: string | undefined, origin: string): string | null => {
      if (value === undefined || value === '') return null;
      const zone = value.startsWith(':') ? value.slice(1) : value; // TZ=":Europe/Paris" is POSIX for a zone file
      if (!isValidTimeZone(zone)) {
        throw new UsageError(`invalid time zone ${JSON.stringify(value)} (from ${origin})`, {
          hint: 'use an IANA name such as Europe/Paris or America/New_York',
        });
      }
      return zone;
    };
    return (
      pick(this.globals.tz, '--tz') ??
      pick(this.env.HARMONIA_TZ, 'HARMONIA_TZ') ??
      pick(this.env.TZ, 'TZ') ??
      pick((await this.config()).timezone ?? undefined, 'the config file') ??
      systemTimeZone()
    );
  }

  /** --json, else --format, else the config file, else table on a terminal and json otherwise. */
  async format(allowed: readonly OutputFormat[] = OUTPUT_FORMATS): Promise<OutputFormat> {
    let format: string;
    let origin: string;
    if (this.globals.json) {
      format = 'json';
      origin = '--json';
    } else if (this.globals.format !== undefined) {
      format = this.globals.format;
      origin = '--format';
    } else {
      const configured = (await this.config()).format;
      format = configured ?? (this.io.stdoutIsTTY ? 'table' : 'json');
      origin = configured ? 'the config file' : 'default';
      // A configured format this command does not print falls back to the default quietly.
      if (configured && !allowed.includes(configured)) format = this.io.stdoutIsTTY ? 'table' : 'json';
    }
    if (!(allowed as readonly string[]).includes(format)) {
      throw new UsageError(`invalid format ${JSON.stringify(format)} (from ${origin}) for this command`, {
        hint: `choose one of: ${allowed.join(', ')}`,
      });
    }
    return format as OutputFormat;
  }

  /** Colour only on a terminal, never with NO_COLOR set or --no-color. */
  colorFor(stream: 'stdout' | 'stderr'): boolean {
    if (this.globals.color === false) return false;
    if (this.env.NO_COLOR !== undefined && this.env.NO_COLOR !== '') return false;
    return stream === 'stdout' ? this.io.stdoutIsTTY : this.io.stderrIsTTY;
  }

  /** Opens the user's store, creating it when asked; null when it does not exist and create is false. */
  async openStore(options: { create: boolean; user?: string }): Promise<SqliteStore | null> {
    const config = await this.config();
    const store = openUserStore({
      dataDir: this.dataDir,
      user: options.user ?? this.user,
      busyTimeoutMs: config.storage.busyTimeoutMs,
      create: options.create,
    });
    if (store) this.stores.push(store);
    return store;
  }

  /** The user's store for reading; an empty in-memory store when the user has no file yet (nothing is created). */
  async readStore(): Promise<SqliteStore> {
    const store = (await this.openStore({ create: false })) ?? openInMemoryStore(this.user);
    if (!this.stores.includes(store)) this.stores.push(store);
    return store;
  }

  /** Data on stdout. */
  out(text: string): Promise<void> | void {
    return writeOut(this.io.stdout, text);
  }

  /** A notice for people on stderr; silent with --quiet. */
  notice(text: string): void {
    if (!this.globals.quiet) this.io.stderr.write(`harmonia: ${text}\n`);
  }

  /** A warning on stderr (shown even with --quiet). */
  warn(text: string): void {
    this.io.stderr.write(`harmonia: ${text}\n`);
  }

  close(): void {
    for (const store of this.stores.splice(0)) store.close();
  }
}
