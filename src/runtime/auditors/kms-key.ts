import {
  DescribeKeyCommand,
  GetKeyPolicyCommand,
  KMSClient,
  type KeyMetadata,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
} from '@aws-sdk/client-kms';
import { partitionOf } from '../aws/credentials';
import { isAwsError } from '../aws/errors';
import {
  parsePolicy,
  plural,
  publicStatements,
  serializePolicy,
  statementLabels,
  withStatements,
} from '../policy/document';
import type { PolicyStatement } from '../policy/public';
import { settle, type Violation } from './settle';
import { tagsFromList } from './tags';
import type { Auditor } from './types';

/**
 * Customer-managed KMS keys (id: the key id): the key policy must not let anyone use or manage the
 * key. The fix re-points each public statement to the account root (so the account's IAM policies
 * decide), keeping its actions and conditions, rather than deleting it: a key whose policy loses its
 * administrators cannot be managed again.
 */
export const kmsKeyAuditor: Auditor = {
  type: 'kms_key',
  checks: [
    {
      id: 'kms_key.public_policy',
      severity: 'critical',
      title: 'KMS key policy allows anyone',
      fix: 're-point the public statements to the account root; the rest stays',
    },
  ],
  readActions: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:ListResourceTags'],
  remediateActions: ['kms:PutKeyPolicy'],

  async audit(resource, ctx) {
    const kms = ctx.client(KMSClient, 'KMS');
    const KeyId = resource.id;
    let key: KeyMetadata | undefined;
    try {
      key = (await kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata;
    } catch (error) {
      if (isAwsError(error, 'NotFoundException')) return [];
      throw error;
    }
    // AWS-managed keys' policies belong to AWS and cannot be changed.
    if (!key || key.KeyManager !== 'CUSTOMER') return [];

    const [{ Policy: text }, { Tags }] = await Promise.all([
      kms.send(new GetKeyPolicyCommand({ KeyId, PolicyName: 'default' })),
      kms.send(new ListResourceTagsCommand({ KeyId })),
    ]);
    const tags = tagsFromList(Tags, 'TagKey', 'TagValue');

    const violations: Violation[] = [];
    if (text) {
      const policy = parsePolicy(text);
      const open = await publicStatements(policy, ctx);
      if (open.length > 0) {
        const root = `arn:${partitionOf(resource.region)}:iam::${resource.account}:root`;
        violations.push({
          check: 'kms_key.public_policy',
          message: `Key policy statement${open.length === 1 ? '' : 's'} ${statementLabels(open, policy)} allow${open.length === 1 ? 's' : ''} anyone, with no condition naming known accounts, the organization or a VPC endpoint.`,
          action: `re-point ${plural(open.length, 'public statement')} to the account root (${root}), keep the rest`,
          fix: async () => {
            const repoint = (s: PolicyStatement): PolicyStatement => {
              if (!open.includes(s)) return s;
              const repointed: Record<string, unknown> = { ...s, Principal: { AWS: root } };
              delete repointed.NotPrincipal;
              return repointed;
            };
            const next = withStatements(policy, policy.Statement.map(repoint));
            await kms.send(
              new PutKeyPolicyCommand({ KeyId, PolicyName: 'default', Policy: serializePolicy(next) }),
            );
            return { Policy: text };
          },
        });
      }
    }
    return settle(kmsKeyAuditor, resource, ctx, tags, violations);
  },
};
