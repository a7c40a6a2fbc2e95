import type { ResourceMessage, ResourceType } from '../contracts/message';
import type { ClientSource } from '../aws/clients';
import { awsErrorName, describeError } from '../aws/errors';
import { runFailure } from '../aws/failures';
import { SweepDeadlineError } from '../errors';
import { KeyedLimiter, type Limiter } from '../concurrency';
import { type ListContext, type ListedResource, type Lister, isGlobalLister, loadListers } from './listers';
import { type RetryOptions, resumablePages } from './pages';
import type { PollTask } from './task';

/** Markers of resources made by the misconfiguration maker (`--only-test-resources`). */
export const TEST_RESOURCE_MARKERS = ['misconfiguration_maker', 'misconfiguration-maker', 'misconfig-maker'];

/** Whether a resource was made by the misconfiguration maker: a marker in its id or name, or its Name tag. */
export function isTestResource(resource: ListedResource): boolean {
  const texts = [resource.id, resource.name ?? ''];
  return (
    texts.some((t) => TEST_RESOURCE_MARKERS.some((m) => t.includes(m))) ||
    resource.tags?.Name === 'misconfiguration_maker'
  );
}

export interface SweepOptions {
  readonly clients: ClientSource;
  /**
   * Bounds the API calls in flight in one account and region (AWS rate limits are per account and
   * region). Share one between concurrent tasks. Default: CALLS_IN_FLIGHT_PER_ACCOUNT_REGION (12).
   */
  readonly limiter?: KeyedLimiter;
  readonly retry?: RetryOptions;
  readonly listers?: readonly Lister[];
  /**
   * Called with each message as soon as its resource is found (to send while the sweep goes on);
   * the report then does not keep them.
   */
  readonly onMessage?: (message: ResourceMessage) => void;
  /** When to stop asking for more pages (epoch milliseconds): the task is then `incomplete`. */
  readonly deadline?: number;
}

/** A listing that failed: reported, while the other types of the task complete. */
export interface ListingError {
  readonly types: readonly ResourceType[];
  /** The AWS error code (`AccessDenied`, `UnrecognizedClientException`, ...). */
  readonly code: string;
  readonly message: string;
  /** Set when the error is not this listing's but the whole run's (no credentials, AWS out of reach). */
  readonly runFailure?: string;
}

export interface SweepReport {
  readonly task: PollTask;
  /** The messages found, unless they were handed to `onMessage` as they came (then empty). */
  readonly messages: ResourceMessage[];
  /** Resources found, by type (after the test-resource filter). */
  readonly counts: Partial<Record<ResourceType, number>>;
  readonly errors: ListingError[];
  /** Some listing stopped at the deadline: the task should be swept again. */
  readonly incomplete: boolean;
}

/**
 * Calls in flight at once in one account and region, over every type's listing. Each API has its own
 * request rate quota per account and region, and the listings call some twenty services: twelve at
 * once keeps well under any of them, and a sweep of an account and region about as long as its longest
 * chain of pages.
 */
export const CALLS_IN_FLIGHT_PER_ACCOUNT_REGION = 12;

const defaultLimiter = new KeyedLimiter(CALLS_IN_FLIGHT_PER_ACCOUNT_REGION);

/** The pages of `pages`, each fetched while holding a slot of `limiter`: calls in flight stay bounded. */
async function* limitedPages<P>(
  pages: AsyncIterable<P>,
  limiter: Limiter,
  deadline?: number,
): AsyncGenerator<P> {
  const iterator = pages[Symbol.asyncIterator]();
  for (;;) {
    if (deadline !== undefined && Date.now() >= deadline) throw new SweepDeadlineError();
    const result = await limiter.run(() => iterator.next());
    if (result.done) return;
    yield result.value;
  }
}

/**
 * Sweeps one account in one region: every lister (the global ones only when `task.global`) at once,
 * each through the SDK paginators, with at most the limiter's number of calls in flight. A listing that fails (access denied, a region not enabled,
 * throttling that outlasted the retries) is reported in `errors` and the others complete.
 */
export async function sweepTask(task: PollTask, options: SweepOptions): Promise<SweepReport> {
  const limiter = (options.limiter ?? defaultLimiter).for(`${task.account}/${task.region}`);
  const listers = (options.listers ?? (await loadListers())).filter((l) => task.global || !isGlobalLister(l));
  const messages: ResourceMessage[] = [];
  const counts: Partial<Record<ResourceType, number>> = {};
  const errors: ListingError[] = [];
  let incomplete = false;
  const add = (type: ResourceType, id: string) => {
    const message: ResourceMessage = { account: task.account, region: task.region, type, id, delay: 0 };
    counts[type] = (counts[type] ?? 0) + 1;
    // Streamed messages are not kept as well: an account with many resources stays cheap in memory.
    if (options.onMessage) options.onMessage(message);
    else messages.push(message);
  };

  const ctx: ListContext = {
    client: (Client, serviceId) => options.clients.get(Client, serviceId, task.account, task.region),
    pages: (open, next) => limitedPages(resumablePages(open, next, options.retry), limiter, options.deadline),
  };

  await Promise.all(
    listers.map(async (lister) => {
      try {
        for await (const resource of lister.list(ctx)) {
          if (!task.onlyTestResources || isTestResource(resource)) add(resource.type, resource.id);
        }
      } catch (error) {
        if (error instanceof SweepDeadlineError) {
          incomplete = true;
          return;
        }
        const failure = runFailure(error);
        errors.push({
          types: lister.types,
          code: awsErrorName(error) || 'Error',
          message: describeError(error),
          ...(failure ? { runFailure: failure } : {}),
        });
      }
    }),
  );
  // The account-and-region checks, also in a trial (`onlyTestResources`): they only report, and show
  // the account's posture.
  add('region', '');
  return { task, messages, counts, errors, incomplete };
}
