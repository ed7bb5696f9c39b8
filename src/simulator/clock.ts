/**
 * Simulated time: runs `speed` times faster than real time and can be pushed forward by hand, so a
 * migration that takes an hour upstream finishes in seconds in a demo and instantly in a test.
 */
export class SimClock {
  private readonly realStart = Date.now();
  private readonly simStart: number;
  private offsetMs = 0;

  constructor(
    private speed = 1,
    start = Date.now(),
  ) {
    this.simStart = start;
  }

  /** How many simulated milliseconds pass per real one, now. */
  get currentSpeed(): number {
    return this.speed;
  }

  now(): number {
    return this.simStart + (Date.now() - this.realStart) * this.speed + this.offsetMs;
  }

  /** Jumps simulated time forward. */
  advance(ms: number): void {
    if (ms < 0) throw new Error("the simulated clock only moves forward");
    this.offsetMs += ms;
  }

  /** Changes the speed from now on without a jump. */
  setSpeed(speed: number): void {
    const current = this.now();
    this.speed = speed;
    this.offsetMs += current - this.now();
  }
}
