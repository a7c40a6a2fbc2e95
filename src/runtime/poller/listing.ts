/**
 * A type's listing as data: which client, which paginator and input, where the next token and the
 * items are in a page, and how an item gives the resource id (and name and tags). One runner pages any
 * of them, resumed from the last token when throttled (through `ListContext.pages`).
 */

import type { ClientClass } from '../aws/clients';
import type { Tags } from '../auditors/decision';
import type { ResourceType } from '../contracts/message';
import type { ListContext, ListedResource, Lister } from './listers';

/** The paginator shape of the AWS SDK (`paginateListQueues` and the like). */
export type Paginator<C, I, P> = (
  config: { client: C; startingToken?: string; pageSize?: number },
  input: I,
) => AsyncIterable<P>;

export interface ListingSpec<C, I, P, T> {
  readonly type: ResourceType;
  readonly client: ClientClass<C>;
  /** The SDK's service id (it selects `AWS_ENDPOINT_URL_<SERVICE>`). */
  readonly serviceId: string;
  readonly paginate: Paginator<C, I, P>;
  readonly input: I;
  /** Items per page, where the API returns everything at once or stops short without it. */
  readonly pageSize?: number;
  /** The token of the next page (undefined on the last). */
  readonly next: (page: P) => string | undefined;
  readonly items: (page: P) => readonly T[] | undefined;
  /** The resource id of an item; undefined skips it. */
  readonly id: (item: T) => string | undefined;
  readonly name?: (item: T) => string | undefined;
  readonly tags?: (item: T) => Tags;
  /** Leaves out items that are not the account's to audit. */
  readonly keep?: (item: T) => boolean;
}

/** The resources of one listing, page by page. */
export async function* runListing<C, I, P, T>(
  spec: ListingSpec<C, I, P, T>,
  ctx: ListContext,
): AsyncGenerator<ListedResource> {
  const client = ctx.client(spec.client, spec.serviceId);
  const open = (startingToken: string | undefined) =>
    spec.paginate(
      {
        client,
        ...(startingToken ? { startingToken } : {}),
        ...(spec.pageSize ? { pageSize: spec.pageSize } : {}),
      },
      // A copy each time: the SDK's paginators write their page tokens into the input.
      { ...spec.input },
    );
  for await (const page of ctx.pages(open, spec.next)) {
    for (const item of spec.items(page) ?? []) {
      if (spec.keep && !spec.keep(item)) continue;
      const id = spec.id(item);
      if (!id) continue;
      const tags = spec.tags?.(item);
      const name = spec.name?.(item) ?? (tags ? tags.Name : undefined);
      yield { type: spec.type, id, ...(name !== undefined ? { name } : {}), ...(tags ? { tags } : {}) };
    }
  }
}

/** A lister of one type from its listing spec. */
export function listing<C, I, P, T>(spec: ListingSpec<C, I, P, T>): Lister {
  return { types: [spec.type], list: (ctx) => runListing(spec, ctx) };
}
