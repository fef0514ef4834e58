import { readdirSync, readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { isMainThread } from 'node:worker_threads';

/**
 * Thread priorities for `remember --batch`, on Linux, where every thread has a priority of its own (a nice value:
 * 0 by default, 19 the lowest) and any thread may lower one of its process's.
 *
 * The batch's main thread places and writes the lines in input order, so it sets the pace; the extraction worker
 * runs ahead of it with time to spare once warm, and V8's helper threads (the optimizing compiler, concurrent
 * marking, parallel scavenging) do work that can wait. When they all want more CPUs than the machine has, the main
 * thread should be the one that runs. On two CPUs, a 10k rules batch took 35-50 ms less with the worker lowered, and
 * 10-30 ms less again with V8's helpers lowered too (README, Performance).
 *
 * Best effort: elsewhere, or where it is not allowed, nothing changes.
 */

/** How much lower a thread's priority goes, in nice steps. */
export const YIELDING_STEPS = 10;

const linux = process.platform === 'linux';

/** Lowers one thread of this process by YIELDING_STEPS (relative: a process started with `nice` stays lower). */
function lower(tid: number): void {
  try {
    setPriority(tid, Math.min(19, getPriority(tid) + YIELDING_STEPS));
  } catch {
    // the thread has ended, or this is not allowed: it keeps its priority
  }
}

/** Lowers the calling thread (a worker: the main thread's id is the process's, which would lower them all). */
export function lowerThisThread(): void {
  if (!linux) return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0 && tid !== process.pid) lower(tid);
  } catch {
    // no /proc: nothing to do
  }
}

/**
 * From the main thread: lowers every other thread the process has now (V8's helpers; workers started later are not).
 * From a worker it does nothing: the thread that sets the pace is then not known.
 */
export function lowerOtherThreads(): void {
  if (!linux || !isMainThread) return;
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return;
  }
  for (const tid of tids) if (Number(tid) !== process.pid) lower(Number(tid));
}
