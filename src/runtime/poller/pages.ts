import { isThrottlingError } from '@smithy/core/retry';
import type { SdkError } from '@smithy/types';
import { backoffMs } from '../text';

export interface RetryOptions {
  /** Attempts per page, the first included, when AWS throttles. Default 5. */
  readonly attempts?: number;
  /** Backoff before the first retry; doubled each time, with jitter. Default 200 ms. */
  readonly baseDelayMs?: number;
  /** Replaceable in tests. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The pages of an SDK paginator, resumed from the last page's token when AWS throttles (after the
 * SDK's own retries), with backoff, so a long listing is not restarted from the first page.
 *
 * @param open opens the paginator at a token (`paginateX({ client, startingToken }, input)`)
 * @param nextToken the token of the page after this one
 */
export async function* resumablePages<P>(
  open: (startingToken: string | undefined) => AsyncIterable<P>,
  nextToken: (page: P) => string | undefined,
  options: RetryOptions = {},
): AsyncGenerator<P> {
  const attempts = options.attempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 200;
  const sleep = options.sleep ?? defaultSleep;
  let token: string | undefined;
  let failures = 0;
  for (;;) {
    try {
      for await (const page of open(token)) {
        failures = 0;
        token = nextToken(page);
        yield page;
      }
      return;
    } catch (error) {
      failures += 1;
      if (!isThrottlingError(error as SdkError) || failures >= attempts) throw error;
      await sleep(backoffMs(baseDelayMs, failures));
    }
  }
}
