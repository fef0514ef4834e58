import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ExtractionThread } from '../../src/cli/extract-thread.js';
import { extractMemories, type ExtractionRequest } from '../../src/core/remember.js';
import { RulesExtractor } from '../../src/extract/rules.js';
import { CHAT } from '../helpers/chat.js';

/**
 * The extraction worker's protocol (src/cli/extract-thread.ts) with the worker module `npm test` builds into dist/:
 * answers in any order reach the right lines, the main thread takes lines over while the worker is cold or gone, and
 * every line gets exactly what extracting it in this thread gives.
 */

const WORKER = pathToFileURL(resolve(import.meta.dirname, '../../dist/cli/extract-worker.js'));
const extractor = new RulesExtractor();
const requests: ExtractionRequest[] = [...CHAT, ...CHAT].map((text, i) => ({ text, refAt: `2024-08-${String(10 + (i % 9)).padStart(2, '0')}T10:00:00.000Z`, timeZone: 'Europe/Lisbon' }));

/** The step in this thread, counting its calls. */
function counted(): { inline: (r: ExtractionRequest) => ReturnType<typeof extractMemories>; calls: () => number } {
  let calls = 0;
  return {
    inline: (request) => {
      calls++;
      return extractMemories(extractor, request);
    },
    calls: () => calls,
  };
}

const expected = () => Promise.all(requests.map((r) => extractMemories(extractor, r)));

let threads: ExtractionThread[] = [];
let dirs: string[] = [];
afterEach(() => {
  for (const thread of threads) thread.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  threads = [];
  dirs = [];
});

async function start(inline: ReturnType<typeof counted>['inline'], options: { always?: boolean; script?: URL } = {}): Promise<ExtractionThread> {
  const thread = ExtractionThread.start(inline, { script: WORKER, ...options });
  if (!thread) throw new Error(`no worker module at ${WORKER.href}: run npm run build`);
  threads.push(thread);
  return thread;
}

describe('the extraction worker thread', () => {
  it('extracts every line in the worker (always) exactly as this thread does, times resolved in the zone', async () => {
    const { inline, calls } = counted();
    const thread = await start(inline, { always: true });
    const got = await Promise.all(requests.map((r) => thread.extract(r)));
    expect(got).toEqual(await expected());
    expect(calls()).toBe(0);
    expect(got.flat().some((m) => m.eventAt?.endsWith('+01:00'))).toBe(true);
  });

  it('takes the oldest line over while the worker has not answered yet, and the worker skips it', async () => {
    const { inline, calls } = counted();
    const thread = await start(inline);
    const pending = requests.map((r) => thread.extract(r));
    // At once, before the worker can have loaded: the first three lines are needed now.
    for (let i = 0; i < 3; i++) {
      thread.hurry();
      await pending[i];
    }
    expect(calls()).toBe(3);
    expect(await Promise.all(pending)).toEqual(await expected());
    // Once it has answered, the worker is waited for.
    const after = calls();
    const more = thread.extract(requests[0]!);
    thread.hurry();
    expect(await more).toEqual((await expected())[0]);
    expect(calls()).toBe(after);
  });

  it('gives lines back to this thread when the input ends before the worker has started', async () => {
    const { inline, calls } = counted();
    const thread = await start(inline);
    const pending = requests.slice(0, 5).map((r) => thread.extract(r));
    thread.inputEnded();
    expect(await Promise.all(pending)).toEqual((await expected()).slice(0, 5));
    expect(calls()).toBe(5);
    // Closed: later lines are extracted here too.
    expect(await thread.extract(requests[5]!)).toEqual((await expected())[5]);
    expect(calls()).toBe(6);
  });

  it('extracts here what a failed worker owed; with always, the lines fail instead', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harmonia-worker-'));
    dirs.push(dir);
    const broken = join(dir, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('the worker cannot load');\n");
    const { inline, calls } = counted();
    const thread = await start(inline, { script: pathToFileURL(broken) });
    expect(await Promise.all(requests.slice(0, 4).map((r) => thread.extract(r)))).toEqual((await expected()).slice(0, 4));
    expect(calls()).toBe(4);

    const strict = await start(counted().inline, { script: pathToFileURL(broken), always: true });
    await expect(strict.extract(requests[0]!)).rejects.toThrow('the worker cannot load');
  });

  // Linux gives each thread a priority of its own; the worker lowers its own once it has answered.
  it.runIf(process.platform === 'linux')('once warm, runs at a lower priority than the thread that started it', async () => {
    const nice = (tid: string): number => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    const threadIds = (): string[] => readdirSync('/proc/self/task').filter((tid) => {
      try {
        return nice(tid) >= 0;
      } catch {
        return false; // the thread ended meanwhile
      }
    });
    const lowered = Math.min(19, nice(String(process.pid)) + 10);
    const before = new Set(threadIds());
    const thread = await start(counted().inline, { always: true });
    await Promise.all(requests.slice(0, 8).map((r) => thread.extract(r)));
    expect(threadIds().filter((tid) => !before.has(tid) && nice(tid) === lowered)).toHaveLength(1);
  });

  it('is not there when its module is missing', async () => {
    expect(ExtractionThread.start(counted().inline, { script: pathToFileURL(join(tmpdir(), 'no-such-worker.js')) })).toBeNull();
  });
});
