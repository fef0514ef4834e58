import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, createWriteStream, fsyncSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync, type WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { storageFailure } from '../store/db.js';

/**
 * Files that appear complete or not at all: written to a temporary file in the target's folder (same file system,
 * so the rename is atomic), fsynced, renamed over the target, then the folder is fsynced so the rename survives a
 * crash. A reader never sees half a file, and an interrupted write leaves the target as it was.
 */

function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Whether a process with this id is running (one of another user's counts: it cannot be signalled, but it is there). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files of earlier writes of `target` whose process is gone: a SIGKILL (or a power cut) gives
 * a writer no chance to clean up, so the next write of the same file does. Only names of tempPathFor's pattern for
 * this target are touched, and never one whose writer still runs.
 */
function sweepStaleTemps(target: string): void {
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length));
    const pid = m ? Number(m[1]) : NaN;
    if (Number.isSafeInteger(pid) && pid !== process.pid && !alive(pid)) removeQuietly(join(dirname(target), name));
  }
}

/** The target must be a file path in an existing folder. */
function checkTarget(target: string): void {
  let folder;
  try {
    folder = statSync(dirname(target));
  } catch {
    throw new UsageError(`cannot write ${target}: folder ${dirname(target)} does not exist`);
  }
  if (!folder.isDirectory()) throw new UsageError(`cannot write ${target}: ${dirname(target)} is not a folder`);
  try {
    if (statSync(target).isDirectory()) throw new UsageError(`cannot write ${target}: it is a folder`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
  }
}

function fsyncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems cannot fsync a folder; the data itself is already on disk.
  }
}

/** Removes a file if it is there. */
function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

export class AtomicFile {
  private finished = false;

  private constructor(
    readonly target: string,
    private readonly temp: string,
    /** Write here and end it (pipeline does), then `commit()`. */
    readonly stream: WriteStream,
    private readonly onSignal: (signal: NodeJS.Signals) => void,
  ) {}

  /** Creates the temporary file (0600) next to `target`. */
  static async create(target: string, mode = 0o600): Promise<AtomicFile> {
    const path = resolve(target);
    checkTarget(path);
    sweepStaleTemps(path);
    const temp = tempPathFor(path);
    // Ctrl-C removes the temporary file: the handler is in place before the file exists, so no interrupt can
    // leave one behind.
    const onSignal = (signal: NodeJS.Signals): void => {
      removeQuietly(temp);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const stream = createWriteStream(temp, { flags: 'wx', mode, highWaterMark: 256 * 1024 });
    try {
      await once(stream, 'open');
      chmodSync(temp, mode); // the umask may have narrowed it; never wider than asked
    } catch (error) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      stream.destroy();
      throw storageFailure(error, temp);
    }
    return new AtomicFile(path, temp, stream, onSignal);
  }

  /** Flushes to disk and renames over the target. Call once the stream has finished (and closed). */
  async commit(): Promise<void> {
    try {
      // fsync flushes the file, whichever descriptor asks: the stream's own is closed by now.
      const handle = await open(this.temp, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      renameSync(this.temp, this.target);
    } catch (error) {
      await this.abort();
      throw storageFailure(error, this.target);
    }
    this.finished = true;
    this.release();
    fsyncFolder(dirname(this.target));
  }

  /** Removes the temporary file; the target is untouched. */
  async abort(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.release();
    if (!this.stream.closed) {
      this.stream.destroy();
      await once(this.stream, 'close').catch(() => undefined);
    }
    this.removeTemp();
  }

  private removeTemp(): void {
    removeQuietly(this.temp);
  }

  private release(): void {
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }
}

/** Writes a small file atomically (config). */
export function writeFileAtomicSync(target: string, text: string, mode = 0o600): void {
  const path = resolve(target);
  checkTarget(path);
  sweepStaleTemps(path);
  const temp = tempPathFor(path);
  try {
    const fd = openSync(temp, 'wx', mode);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(temp, mode);
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // not created
    }
    throw storageFailure(error, path);
  }
  fsyncFolder(dirname(path));
}
