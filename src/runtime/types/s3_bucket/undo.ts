import {
  DeleteBucketPolicyCommand,
  GetBucketAclCommand,
  GetBucketPolicyCommand,
  PutBucketAclCommand,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { AccessControlPolicy } from '@aws-sdk/client-s3';
import { unless } from '../../aws/errors';
import { canonicalJson, samePolicyText } from '../../policy/document';
import { changedSince } from '../../undo/compare';
import { beforeOf, step } from '../../undo/steps';
import type { Undo, UndoStep, UndoTable } from '../../undo/types';

/** What an S3 fix replaced: the ACL (public grants) and the policy text (null: there was none). */
interface BucketState {
  acl: AccessControlPolicy;
  policy: string | null;
}

/**
 * Puts back the parts of the bucket a fix changed: the ACL with its public grants, the policy as it
 * was (deleted when there was none), each when it is still what the fix left.
 */
const bucketUndo: Undo = {
  async plan(finding, ctx) {
    const s3 = ctx.client(S3Client, 'S3');
    const Bucket = finding.resource.id;
    const ExpectedBucketOwner = finding.resource.account;
    const before = beforeOf<BucketState>(finding);
    const after = (finding.after ?? undefined) as Partial<BucketState> | undefined;
    const current: { acl?: { Grants: unknown[] }; policy?: string | null } = {};
    const left: { acl?: { Grants: unknown[] }; policy?: string | null } = {};
    const steps: UndoStep[] = [];
    if (before.acl) {
      const now = await s3.send(new GetBucketAclCommand({ Bucket, ExpectedBucketOwner }));
      current.acl = { Grants: now.Grants ?? [] };
      left.acl = { Grants: after?.acl?.Grants ?? [] };
      if (canonicalJson(sorted(now.Grants ?? [])) !== canonicalJson(sorted(before.acl.Grants ?? []))) {
        steps.push(
          step(s3, 'S3', PutBucketAclCommand, {
            Bucket,
            ExpectedBucketOwner,
            AccessControlPolicy: before.acl,
          }),
        );
      }
    }
    if (before.policy !== undefined) {
      const now = await unless(
        s3.send(new GetBucketPolicyCommand({ Bucket, ExpectedBucketOwner })),
        ['NoSuchBucketPolicy'],
        undefined,
      );
      current.policy = now?.Policy ?? null;
      left.policy = after?.policy ?? null;
      if (!samePolicyText(current.policy, before.policy)) {
        steps.push(
          before.policy === null
            ? step(s3, 'S3', DeleteBucketPolicyCommand, { Bucket, ExpectedBucketOwner })
            : step(s3, 'S3', PutBucketPolicyCommand, { Bucket, ExpectedBucketOwner, Policy: before.policy }),
        );
      }
    }
    return { current, changed: changedSince(current, finding.after === undefined ? undefined : left), steps };
  },
};

const sorted = (grants: readonly unknown[]) => grants.map((g) => canonicalJson(g)).sort();

export const undo: UndoTable = {
  's3_bucket.public': bucketUndo,
  's3_bucket.shared_unknown_account': bucketUndo,
  's3_bucket.no_tls_enforcement': bucketUndo,
  's3_bucket.no_encryption_enforcement': bucketUndo,
};
