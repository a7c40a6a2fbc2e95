import { KMSClient, paginateListAliases, paginateListKeys } from '@aws-sdk/client-kms';
import type { ListContext, ListedResource, Lister } from '../../poller/listers';

/**
 * Customer-managed keys: every key of ListKeys but those AWS manages for a service, which carry an
 * `alias/aws/...` alias (their policy is not ours to fix). The aliases are the keys' names.
 */
export const lister: Lister = {
  types: ['kms_key'],
  async *list(ctx: ListContext): AsyncGenerator<ListedResource> {
    const client = ctx.client(KMSClient, 'KMS');
    const aliases = new Map<string, string[]>();
    const keys: string[] = [];
    await Promise.all([
      (async () => {
        const open = (startingToken: string | undefined) =>
          paginateListAliases({ client, startingToken }, {});
        for await (const page of ctx.pages(open, (p) => (p.Truncated ? p.NextMarker : undefined))) {
          for (const alias of page.Aliases ?? []) {
            if (alias.TargetKeyId && alias.AliasName)
              aliases.set(alias.TargetKeyId, [...(aliases.get(alias.TargetKeyId) ?? []), alias.AliasName]);
          }
        }
      })(),
      (async () => {
        const open = (startingToken: string | undefined) => paginateListKeys({ client, startingToken }, {});
        for await (const page of ctx.pages(open, (p) => (p.Truncated ? p.NextMarker : undefined))) {
          for (const key of page.Keys ?? []) if (key.KeyId) keys.push(key.KeyId);
        }
      })(),
    ]);
    for (const keyId of keys) {
      const names = aliases.get(keyId) ?? [];
      if (names.some((n) => n.startsWith('alias/aws/'))) continue;
      yield { type: 'kms_key', id: keyId, name: names.join(' ') };
    }
  },
};
