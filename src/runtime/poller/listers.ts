import type { ResourceType } from '../contracts/message';
import type { ClientClass } from '../aws/clients';
import type { Tags } from '../auditors/decision';
import { once } from '../lazy';
import { MANIFESTS, manifestOf } from '../types';

/** A resource a listing found. */
export interface ListedResource {
  readonly type: ResourceType;
  readonly id: string;
  /** Its name where the id is not (for `--only-test-resources`). */
  readonly name?: string;
  readonly tags?: Tags;
}

/** What a lister gets: clients in the task's account and region. */
export interface ListContext {
  client<C>(Client: ClientClass<C>, serviceId: string): C;
  /** The pages of a paginator, resumed from the last token when throttled. */
  pages<P>(
    open: (startingToken: string | undefined) => AsyncIterable<P>,
    nextToken: (page: P) => string | undefined,
  ): AsyncIterable<P>;
}

/**
 * Lists the resources of one or more types in an account and region (a type's `lister.ts`; its IAM
 * actions and whether it is global are in the type's manifest).
 */
export interface Lister {
  /** The types it yields. */
  readonly types: readonly ResourceType[];
  /** Listed once per account, in its first configured region; by default as the manifest says. */
  readonly global?: boolean;
  list(ctx: ListContext): AsyncIterable<ListedResource>;
}

/** Whether a lister's types are global (listed once per account). */
export function isGlobalLister(lister: Lister): boolean {
  return lister.global ?? (lister.types.length > 0 && manifestOf(lister.types[0]!)?.global === true);
}

/** Every lister of the poller, one per manifest with a listing of its own, loaded once. */
export const loadListers = once(async (): Promise<Lister[]> =>
  Promise.all(MANIFESTS.flatMap((m) => (m.listing && 'load' in m.listing ? [m.listing.load()] : []))),
);

/** The IAM actions every listing needs, sorted and without duplicates. */
export function listerActions(): string[] {
  return [
    ...new Set(MANIFESTS.flatMap((m) => (m.listing && 'actions' in m.listing ? m.listing.actions : []))),
  ].sort();
}
