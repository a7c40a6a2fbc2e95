/**
 * A fake AWS for the poller: every listing API of every listed type, answering per account and region
 * from an inventory, in pages of `pageSize` with each API's own token fields, as the SDK paginators
 * expect them. Each type's responders are in its fixtures (`listing`), found from the manifests of
 * src/runtime/types; this joins them.
 */
import type { SentCommand, World } from './aws';
import { LISTINGS } from './fixtures';
import type { Counts, Estate, FakeIdOf, PageFields } from './listing';

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
