/**
 * A fake AWS for the poller: every listing API of every listed type, answering per account and region
 * from an inventory, in pages of `pageSize` with each API's own token fields, as the SDK paginators
 * expect them. Each type's responders are in its fixtures (`listing`), found from the manifests of
 * src/runtime/types; this joins them.
 */
import type { ResourceType } from '../../src/runtime/contracts/message';
import { MANIFESTS, manifestOf } from '../../src/runtime/types';
import type { SentCommand, World } from './aws';
import { LISTINGS } from './fixtures';
import type { Counts, Estate, FakeIdOf, ListingFixture, PageFields } from './listing';

export type { Counts } from './listing';

const FAKE_IDS: ReadonlyMap<string, FakeIdOf> = new Map(
  LISTINGS.flatMap(({ listing }) => Object.entries(listing.ids ?? {})),
);

/** The id a fake resource gets. */
export function fakeId(kind: string, account: string, region: string, index: number): string {
  return FAKE_IDS.get(kind)?.(account, region, index) ?? `${kind}-${account}-${region}-${index}`;
}

/** Answers one page of `items` from the token in the input. */
function page(
  items: readonly unknown[],
  field: string,
  pageSize: number,
  fields: PageFields,
  input: Record<string, unknown>,
) {
  const start = Number(input[fields.input] ?? 0);
  const next = start + pageSize < items.length ? String(start + pageSize) : undefined;
  return {
    [field]: items.slice(start, start + pageSize),
    ...(next ? { [fields.output]: next } : {}),
    ...(fields.truncated ? { [fields.truncated]: next !== undefined } : {}),
  };
}

export type InventoryOf = (account: string, region: string) => Counts;

/** The World of a whole estate: `inventory` says what each account and region holds. */
export function pollWorld(inventory: InventoryOf, pageSize = 2): World {
  const ids = (kind: string, call: SentCommand) => {
    const n = inventory(call.account, call.region)[kind] ?? 0;
    return Array.from({ length: n }, (_, i) => fakeId(kind, call.account, call.region, i));
  };
  const estate: Estate = {
    ids,
    page: (items, field, fields, input) => page(items, field, pageSize, fields, input),
    list:
      (kind, field, fields, item = (id) => id) =>
      (input: Record<string, unknown>, call: SentCommand) =>
        page(ids(kind, call).map(item), field, pageSize, fields, input),
  };
  return Object.assign({}, ...LISTINGS.map(({ listing }) => listing.responders(estate))) as World;
}

/** The types the poller lists (every manifest with a listing, its own or another type's). */
export const LISTED_TYPES: readonly ResourceType[] = MANIFESTS.filter((m) => m.listing !== undefined).map(
  (m) => m.type,
);

/** `count` of every listed type in each account and region, and what holds them (ECS clusters). */
export function sampleInventory(count: number): Counts {
  return Object.assign(
    Object.fromEntries(LISTED_TYPES.map((type) => [type, count])),
    ...LISTINGS.map(({ listing }) => listing.holders ?? {}),
  ) as Counts;
}

/** The listing fixture whose lister yields `type`: its own, or the one it is listed with. */
function listingOf(type: ResourceType): ListingFixture {
  const listing = manifestOf(type)?.listing;
  const owner = listing && 'listedWith' in listing ? listing.listedWith : type;
  const found = LISTINGS.find((l) => l.manifest.type === owner);
  if (!found) throw new Error(`${type}: no lister lists it`);
  return found.listing;
}

/** The ids a sweep of an account and region holding `counts` finds of `type`. */
export function listedIds(type: ResourceType, counts: Counts, account: string, region: string): string[] {
  const ids = (kind: string) =>
    Array.from({ length: counts[kind] ?? 0 }, (_, i) => fakeId(kind, account, region, i));
  return listingOf(type).listed?.(ids)[type] ?? ids(type);
}

/** How many of each kind a typical account and region holds, from least to most (every listing's). */
export function typicalRanges(): Readonly<Record<string, readonly [number, number]>> {
  return Object.assign({}, ...LISTINGS.map(({ listing }) => listing.typical)) as Record<
    string,
    readonly [number, number]
  >;
}
