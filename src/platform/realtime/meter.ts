/** Counts events over the last minute, in one-second buckets: cheap enough to tick on every socket event. */
export class RateMeter {
  private readonly buckets = new Array<number>(60).fill(0);
  private second = Math.floor(Date.now() / 1000);

  tick(now = Date.now()): void {
    this.advance(now);
    this.buckets[this.second % 60]!++;
  }

  /** Events in the last 60 seconds. */
  perMinute(now = Date.now()): number {
    this.advance(now);
    return this.buckets.reduce((sum, n) => sum + n, 0);
  }

  private advance(now: number) {
    const second = Math.floor(now / 1000);
    if (second <= this.second) return;
    if (second - this.second >= 60) this.buckets.fill(0);
    else for (let s = this.second + 1; s <= second; s++) this.buckets[s % 60] = 0;
    this.second = second;
  }
}
