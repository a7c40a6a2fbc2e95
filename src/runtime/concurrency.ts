/**
 * A counting semaphore: at most `size` holders at once; the others wait in order.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`limit must be a whole number of at least 1, not ${size}`);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    // A released slot passes straight to the next waiter, so nobody can slip in between.
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}

/** One {@link Limiter} per key (an account and region), created on first use. */
export class KeyedLimiter {
  private readonly limiters = new Map<string, Limiter>();

  constructor(readonly size: number) {}

  for(key: string): Limiter {
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new Limiter(this.size);
      this.limiters.set(key, limiter);
    }
    return limiter;
  }
}
