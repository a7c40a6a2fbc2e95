/**
 * The parts of a fake estate that every type's listing responders share: an inventory of counts, page
 * tokens as each API names them, and pages of fake ids. Each type's own responders are in its fixtures
 * (`listing` in test/runtime/types/<type>/fixtures.ts); pollWorld (./poll-world) joins them.
 */
import type { Responder, SentCommand, World } from './aws';

/**
 * How many of each kind an account and region holds. A kind is a resource type, or something a
 * type's listing reads besides (ECS clusters, AWS-managed keys, service-linked roles).
 */
export type Counts = Readonly<Partial<Record<string, number>>>;

/** The page-token fields of a listing API. */
export interface PageFields {
  /** Input token field. */
  readonly input: string;
  /** Output token field. */
  readonly output: string;
  /** Output "more pages" flag, for APIs that have one (IAM, KMS). */
  readonly truncated?: string;
}

export const NEXT_TOKEN: PageFields = { input: 'NextToken', output: 'NextToken' };
export const MARKER: PageFields = { input: 'Marker', output: 'Marker' };
export const NEXT_MARKER: PageFields = { input: 'Marker', output: 'NextMarker' };

/** What a type's listing responders are given by pollWorld. */
export interface Estate {
  /** The fake ids of every `kind` the account and region of the call holds. */
  ids(kind: string, call: SentCommand): string[];
  /** One page of `items` in `field`, from the token in the input. */
  page(items: readonly unknown[], field: string, fields: PageFields, input: Record<string, unknown>): object;
  /** A responder answering the ids of `kind` in pages, each id as `item(id)`. */
  list(kind: string, field: string, fields: PageFields, item?: (id: string) => unknown): Responder;
}

/** The fake id of the `index`th resource of a kind in an account and region. */
export type FakeIdOf = (account: string, region: string, index: number) => string;

/** A type's listing fixture: `listing` in the fixtures of each type with a lister of its own. */
export interface ListingFixture {
  /** The responders of every call the type's lister sends. */
  responders(estate: Estate): World;
  /** Kinds whose fake id is not `<kind>-<account>-<region>-<index>` (a queue's is its URL). */
  readonly ids?: Readonly<Record<string, FakeIdOf>>;
  /**
   * The ids the lister yields of each of its types, given the fake ids of each kind in an account and
   * region, where they are not simply the fake ids of the type's own kind (services, cluster by cluster).
   */
  listed?(ids: (kind: string) => string[]): Readonly<Partial<Record<string, string[]>>>;
  /** What holds the type's resources, with a count for a sample account: without them nothing is found. */
  readonly holders?: Counts;
  /**
   * How many of each kind its responders read a typical account and region holds, from least to most:
   * the estate of the poller bench.
   */
  readonly typical: Readonly<Record<string, readonly [number, number]>>;
}
