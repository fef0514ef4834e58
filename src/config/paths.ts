import { homedir, userInfo } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';

export type Env = Readonly<Record<string, string | undefined>>;

const USER_ID = /^[A-Za-z0-9_@-][A-Za-z0-9._@-]{0,63}$/;

/**
 * A user id names a file, so it is checked strictly (SPEC section 2): 1-64 characters of [A-Za-z0-9._@-], not
 * starting with a dot. Nothing else can reach the file system, so no id can name a path outside the data dir.
 */
export function validateUserId(id: string, origin = '--user'): string {
  if (!USER_ID.test(id)) {
    const shown = JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}...` : id);
    const why =
      id.length === 0
        ? 'it is empty'
        : id.length > 64
          ? `it is ${id.length} characters long (at most 64)`
          : id.startsWith('.')
            ? 'it starts with a dot'
            : 'it may contain only letters, digits and . _ @ -';
    throw new UsageError(`invalid user id ${shown} (from ${origin}): ${why}`);
  }
  return id;
}

/** -u/--user, else $HARMONIA_USER, else the OS user name. */
export function resolveUserId(flag: string | undefined, env: Env): string {
  if (flag !== undefined) return validateUserId(flag, '--user');
  const fromEnv = env.HARMONIA_USER;
  if (fromEnv !== undefined && fromEnv !== '') return validateUserId(fromEnv, 'HARMONIA_USER');
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    name = env.USER ?? env.LOGNAME ?? '';
  }
  return validateUserId(name, 'the OS user name');
}

function home(env: Env): string {
  return env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir();
}

/** --data-dir, else $HARMONIA_HOME, else $XDG_DATA_HOME/harmonia (absolute only), else ~/.local/share/harmonia. */
export function resolveDataDir(flag: string | undefined, env: Env): string {
  if (flag !== undefined) {
    if (flag.trim() === '') throw new UsageError('--data-dir must not be empty');
    return resolve(flag);
  }
  if (env.HARMONIA_HOME) return resolve(env.HARMONIA_HOME);
  if (env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME)) return join(env.XDG_DATA_HOME, 'harmonia');
  return join(home(env), '.local', 'share', 'harmonia');
}

/** --config, else $HARMONIA_CONFIG, else $XDG_CONFIG_HOME/harmonia/config.json (absolute only), else ~/.config/... */
export function resolveConfigPath(flag: string | undefined, env: Env): string {
  if (flag !== undefined) {
    if (flag.trim() === '') throw new UsageError('--config must not be empty');
    return resolve(flag);
  }
  if (env.HARMONIA_CONFIG) return resolve(env.HARMONIA_CONFIG);
  if (env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME)) return join(env.XDG_CONFIG_HOME, 'harmonia', 'config.json');
  return join(home(env), '.config', 'harmonia', 'config.json');
}

export function usersDir(dataDir: string): string {
  return join(dataDir, 'users');
}

/** `<data>/users/<ID>.db`. The id must already be validated; this re-checks so no caller can slip a path in. */
export function userDbPath(dataDir: string, userId: string): string {
  return join(usersDir(dataDir), `${validateUserId(userId)}.db`);
}
