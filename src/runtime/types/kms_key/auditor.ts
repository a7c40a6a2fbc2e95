import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  KMSClient,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
} from '@aws-sdk/client-kms';
import { partitionOf } from '../../aws/credentials';
import { unless } from '../../aws/errors';
import { isRecord } from '../../json';
import { type PolicyStatement, plural, withStatements } from '../../policy/document';
import { resourcePolicyViolations } from '../../auditors/policy';
import { tagsFromList } from '../../auditors/tags';
import { RemediationError } from '../../errors';
import { type Auditor, GONE } from '../../auditors/types';

/**
 * A public statement with its wildcard principals replaced by the account root: `"*"` and
 * `NotPrincipal` become `{"AWS": root}`; in a principal map, each `"*"` is dropped and the root added to
 * `AWS`, so named principals (a service, a role) keep their grant.
 */
export function repointToRoot(statement: PolicyStatement, root: string): PolicyStatement {
  const { NotPrincipal, Principal, ...rest } = statement;
  if (NotPrincipal !== undefined || !isRecord(Principal)) return { ...rest, Principal: { AWS: root } };
  const principal: Record<string, unknown> = {};
  for (const [kind, value] of Object.entries(Principal)) {
    const named = (Array.isArray(value) ? value : [value]).filter((v) => v !== '*');
    const list = kind === 'AWS' ? [...new Set([...named, root])] : named;
    if (list.length > 0) principal[kind] = list.length === 1 ? list[0] : list;
  }
  if (principal.AWS === undefined) principal.AWS = root;
  return { ...rest, Principal: principal };
}

/**
 * Customer-managed KMS keys (id: the key id): the key policy must not let anyone use or manage the
 * key. The fix re-points each public statement to the account root (so the account's IAM policies
 * decide), keeping its actions and conditions, rather than deleting it: a key whose policy loses its
 * administrators cannot be managed again.
 */
export const auditor: Auditor = {
  type: 'kms_key',

  async inspect(resource, ctx) {
    const kms = ctx.client(KMSClient, 'KMS');
    const KeyId = resource.id;
    const key = (await unless(kms.send(new DescribeKeyCommand({ KeyId })), ['NotFoundException'], undefined))
      ?.KeyMetadata;
    // AWS-managed keys' policies belong to AWS and cannot be changed.
    if (!key || key.KeyManager !== 'CUSTOMER') return GONE;

    const [{ Policy: text }, { Tags }] = await Promise.all([
      kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' })),
      kms.send(new ListResourceTagsCommand({ KeyId })),
    ]);
    const tags = tagsFromList(Tags, 'TagKey', 'TagValue');

    const root = `arn:${partitionOf(resource.region)}:iam::${resource.account}:root`;
    const violations = await resourcePolicyViolations({
      check: 'kms_key.public_policy',
      unknownAccountCheck: 'kms_key.shared_unknown_account',
      resource,
      ctx,
      text,
      noun: 'Key policy',
      whole: 'key policy',
      reread: async () => (await kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' }))).Policy,
      write: async (Policy) => {
        // A key cannot be without a policy: a fix that would leave none is refused, nothing written.
        if (Policy === undefined)
          throw new RemediationError('the key policy would be left without a statement; nothing was changed');
        await kms.send(new PutKeyPolicyCommand({ KeyId, PolicyName: 'default', Policy }));
      },
      // Re-pointed, not removed: a key whose policy loses its administrators cannot be managed again.
      fix: (policy, verdict) => {
        const open = policy.Statement.filter((_, i) => verdict.statements[i]?.public);
        const repoint = (s: PolicyStatement): PolicyStatement =>
          open.includes(s) ? repointToRoot(s, root) : s;
        return {
          document: withStatements(policy, policy.Statement.map(repoint)),
          action: `re-point ${plural(open.length, 'public statement')} to the account root (${root}), keep the rest`,
        };
      },
      before: (Policy) => ({ Policy }),
    });
    return { tags, violations };
  },
};
