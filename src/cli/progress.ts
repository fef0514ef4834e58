import type { Writable } from 'node:stream';

/** Items before a progress line appears: short runs stay silent. */
export const PROGRESS_THRESHOLD = 200;

/**
 * A one-line progress counter on stderr, only when stderr is a terminal (SPEC section 3). Redrawn at most every
 * 100 ms; `done()` clears it.
 */
export class Progress {
  private count = 0;
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: Writable,
    private readonly enabled: boolean,
    private readonly label: string,
    private readonly total: number | null = null,
    private readonly clock: () => number = Date.now,
  ) {}

  tick(n = 1): void {
    this.count += n;
    if (!this.enabled || this.count < PROGRESS_THRESHOLD) return;
    const now = this.clock();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.draw();
  }

  private draw(): void {
    const of = this.total === null ? '' : ` / ${this.total}`;
    const pct = this.total ? ` (${Math.floor((this.count / this.total) * 100)}%)` : '';
    this.stream.write(`\r\u001b[2K${this.label}: ${this.count}${of}${pct}`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.stream.write('\r\u001b[2K');
  }
}
