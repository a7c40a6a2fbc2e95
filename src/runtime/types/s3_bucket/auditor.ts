import {
  DeleteBucketPolicyCommand,
  GetBucketAclCommand,
  type GetBucketAclCommandOutput,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  type Grant,
  PutBucketAclCommand,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { partitionOf } from '../../aws/credentials';
import { isAwsError, unless } from '../../aws/errors';
import { isRecord } from '../../json';
import {
  type PolicyDocument,
  type PolicyStatement,
  canonicalJson,
  isWildcardPrincipal,
  parsePolicy,
  plural,
  samePolicyText,
  serializePolicy,
  statementLabels,
  withStatements,
} from '../../policy/document';
import { narrowExternal, narrowPublic } from '../../policy/narrow';
import {
  confirmWithAccessAnalyzer,
  externalAction,
  judgeOptionsFor,
  judgeResourcePolicy,
  narrowingAction,
  unknownGrants,
  unknownGrantsMessage,
} from '../../auditors/policy';
import { ConcurrentChangeError, PartialFixError } from '../../errors';
import { missingTagsViolation, tagsFromList } from '../../auditors/tags';
import { type Auditor, Fixed, GONE, type Violation } from '../../auditors/types';
import { isAre, noun } from '../../text';

/** The ACL groups that make a bucket public: everyone, and every AWS account. */
export const PUBLIC_GRANTEE_URIS: readonly string[] = [
  'http://acs.amazonaws.com/groups/global/AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
];

const isPublicGrant = (grant: Grant) =>
  grant.Grantee?.Type === 'Group' && PUBLIC_GRANTEE_URIS.includes(grant.Grantee.URI ?? '');

const toList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
const actionsOf = (s: PolicyStatement) => toList(s.Action).filter((a): a is string => typeof a === 'string');
const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);

/** The condition block of `operator` (case-insensitive), with keys lower-cased. */
function conditionBlock(statement: PolicyStatement, operator: string): Record<string, unknown> {
  if (!isRecord(statement.Condition)) return {};
  const entry = Object.entries(statement.Condition).find(([op]) => op.toLowerCase() === operator);
  if (!entry || !isRecord(entry[1])) return {};
  return Object.fromEntries(Object.entries(entry[1]).map(([k, v]) => [k.toLowerCase(), v]));
}

const denyForEveryone = (s: PolicyStatement) => s.Effect === 'Deny' && isWildcardPrincipal(s.Principal);

/** A Deny for everyone of every S3 action when `aws:SecureTransport` is false. */
export function enforcesTls(statement: PolicyStatement): boolean {
  if (!denyForEveryone(statement)) return false;
  if (!actionsOf(statement).some((a) => a === '*' || a.toLowerCase() === 's3:*')) return false;
  const value = conditionBlock(statement, 'bool')['aws:securetransport'];
  return toList(value).some((v) => lower(String(v)) === 'false');
}

/** A Deny of PutObject for everyone when the upload names no (or another) server-side encryption. */
export function enforcesEncryptedUploads(statement: PolicyStatement): boolean {
  if (!denyForEveryone(statement)) return false;
  if (!actionsOf(statement).some((a) => ['*', 's3:*', 's3:putobject'].includes(a.toLowerCase())))
    return false;
  const key = 's3:x-amz-server-side-encryption';
  if (conditionBlock(statement, 'stringnotequals')[key] !== undefined) return true;
  return toList(conditionBlock(statement, 'null')[key]).some((v) => lower(String(v)) === 'true');
}

/** A Sid not used in the policy yet: `base`, else `base2`, `base3`... */
function freshSid(document: PolicyDocument, base: string): string {
  const used = new Set(document.Statement.map((s) => s.Sid));
  let sid = base;
  for (let n = 2; used.has(sid); n += 1) sid = `${base}${n}`;
  return sid;
}

/** The statement the `no_tls_enforcement` fix adds. */
export function tlsOnlyStatement(bucketArn: string, sid = 'DenyInsecureTransport'): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** The statement the `no_encryption_enforcement` fix adds. */
export function encryptedUploadsStatement(
  bucketArn: string,
  sid = 'DenyUnencryptedObjectUploads',
): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:PutObject',
    Resource: `${bucketArn}/*`,
    Condition: {
      StringNotEquals: { 's3:x-amz-server-side-encryption': ['AES256', 'aws:kms', 'aws:kms:dsse'] },
    },
  };
}

const EMPTY_POLICY: PolicyDocument = { Version: '2012-10-17', Statement: [] };

/**
 * S3 buckets (id: the bucket name): no public ACL grants or policy statements, a policy that denies
 * requests without TLS and uploads without server-side encryption, and the required tags.
 */
export const auditor: Auditor = {
  type: 's3_bucket',

  async inspect(resource, ctx) {
    const s3 = ctx.client(S3Client, 'S3');
    const Bucket = resource.id;
    // Bucket names are global: every call insists the bucket is the audited account's own.
    const ExpectedBucketOwner = resource.account;
    const bucketArn = `arn:${partitionOf(resource.region)}:s3:::${Bucket}`;
    const readPolicy = async () =>
      (
        await unless(
          s3.send(new GetBucketPolicyCommand({ Bucket, ExpectedBucketOwner })),
          ['NoSuchBucketPolicy'],
          undefined,
        )
      )?.Policy;
    let acl: GetBucketAclCommandOutput;
    let policyText: string | undefined;
    let tagList: { Key?: string; Value?: string }[];
    try {
      [acl, policyText, tagList] = await Promise.all([
        s3.send(new GetBucketAclCommand({ Bucket, ExpectedBucketOwner })),
        readPolicy(),
        unless(
          s3.send(new GetBucketTaggingCommand({ Bucket, ExpectedBucketOwner })),
          ['NoSuchTagSet'],
          undefined,
        ).then((r) => r?.TagSet ?? []),
      ]);
    } catch (error) {
      if (isAwsError(error, 'NoSuchBucket')) return GONE;
      throw error;
    }
    const tags = tagsFromList(tagList);
    const original = policyText ? parsePolicy(policyText) : EMPTY_POLICY;

    // The fixes of one bucket edit one policy: each starts from what the previous one left.
    let current = original;
    let currentText = policyText;
    const putPolicy = async (next: PolicyDocument) => {
      if (!samePolicyText(await readPolicy(), currentText))
        throw new ConcurrentChangeError('the bucket policy');
      const before = currentText ?? null;
      if (next.Statement.length === 0) {
        await s3.send(new DeleteBucketPolicyCommand({ Bucket, ExpectedBucketOwner }));
        currentText = undefined;
      } else {
        currentText = serializePolicy(next);
        await s3.send(new PutBucketPolicyCommand({ Bucket, ExpectedBucketOwner, Policy: currentText }));
      }
      current = next;
      return before;
    };

    const violations: Violation[] = [];
    const grants = acl.Grants ?? [];
    const publicGrants = grants.filter(isPublicGrant);
    const arns = [bucketArn, `${bucketArn}/*`];
    const verdict = judgeResourcePolicy(original, resource, arns);
    const openStatements = original.Statement.filter((_, i) => verdict.statements[i]?.public);
    const narrowing = verdict.public
      ? narrowPublic(original, verdict, judgeOptionsFor(resource, arns))
      : undefined;
    if (publicGrants.length > 0 || narrowing) {
      const problems: string[] = [];
      const actions: string[] = [];
      if (publicGrants.length > 0) {
        const named = publicGrants.map((g) => `${g.Grantee?.URI?.split('/').pop()} ${g.Permission}`);
        problems.push(`its ACL grants ${[...new Set(named)].join(', ')}`);
        actions.push(
          `remove ${plural(publicGrants.length, 'public ACL grant')} (owner and other grants kept)`,
        );
      }
      if (narrowing) {
        problems.push(
          `policy ${noun(openStatements.length, 'statement')} ${openStatements
            .map(
              (s) =>
                `${statementLabels([s], original)} (${verdict.statements[original.Statement.indexOf(s)]!.reasons.join('; ')})`,
            )
            .join(', ')} ${isAre(openStatements.length)} public`,
        );
        actions.push(narrowingAction(narrowing, 'bucket policy'));
      }
      violations.push({
        check: 's3_bucket.public',
        message: `Bucket is public: ${problems.join('; ')}.`,
        action: actions.join(', '),
        fix: async () => {
          const before: { acl?: unknown; policy?: string | null } = {};
          const after: { acl?: unknown; policy?: string | null } = {};
          try {
            if (narrowing && policyText) {
              const next =
                narrowing.document.Statement.length === 0 ? undefined : serializePolicy(narrowing.document);
              // Asked before anything is written, the ACL included.
              await confirmWithAccessAnalyzer(ctx, resource, policyText, next);
            }
            if (publicGrants.length > 0) {
              const now = await s3.send(new GetBucketAclCommand({ Bucket, ExpectedBucketOwner }));
              if (canonicalJson(now.Grants ?? []) !== canonicalJson(grants)) {
                throw new ConcurrentChangeError('the bucket ACL');
              }
              const AccessControlPolicy = {
                Owner: acl.Owner,
                Grants: grants.filter((g) => !isPublicGrant(g)),
              };
              await s3.send(new PutBucketAclCommand({ Bucket, ExpectedBucketOwner, AccessControlPolicy }));
              before.acl = { Owner: acl.Owner, Grants: grants };
              after.acl = AccessControlPolicy;
            }
            if (narrowing) {
              before.policy = await putPolicy(narrowing.document);
              after.policy = currentText ?? null;
            }
          } catch (error) {
            // The ACL may already be fixed when the policy fails: keep what it was.
            if (before.acl !== undefined && !(error instanceof ConcurrentChangeError)) {
              throw new PartialFixError(before, error);
            }
            throw error;
          }
          return new Fixed(before, after);
        },
      });
    }

    // Judged on the policy as the public fix leaves it; fixed on what the fixes before it left.
    const grantsOut = await unknownGrants(narrowing?.document ?? original, resource, ctx, arns);
    if (grantsOut.length > 0) {
      const unknown = new Set(grantsOut.flatMap((g) => g.ids));
      const planned = narrowExternal(
        narrowing?.document ?? original,
        unknown,
        judgeOptionsFor(resource, arns),
      );
      violations.push({
        check: 's3_bucket.shared_unknown_account',
        message: unknownGrantsMessage('Bucket policy', grantsOut),
        action: externalAction([...unknown], planned, 'bucket policy'),
        fix: async () => {
          const before = {
            policy: await putPolicy(
              narrowExternal(current, unknown, judgeOptionsFor(resource, arns)).document,
            ),
          };
          return new Fixed(before, { policy: currentText ?? null });
        },
      });
    }

    if (!original.Statement.some(enforcesTls)) {
      violations.push({
        check: 's3_bucket.no_tls_enforcement',
        message:
          'Bucket policy has no statement denying requests made without TLS (aws:SecureTransport false).',
        action: 'add a statement denying s3:* when aws:SecureTransport is false',
        fix: async () => {
          const before = {
            policy: await putPolicy(
              withStatements(current, [
                ...current.Statement,
                tlsOnlyStatement(bucketArn, freshSid(current, 'DenyInsecureTransport')),
              ]),
            ),
          };
          return new Fixed(before, { policy: currentText ?? null });
        },
      });
    }

    if (!original.Statement.some(enforcesEncryptedUploads)) {
      violations.push({
        check: 's3_bucket.no_encryption_enforcement',
        message:
          'Bucket policy has no statement denying uploads that do not ask for server-side encryption (s3:x-amz-server-side-encryption).',
        action: 'add a statement denying s3:PutObject without an x-amz-server-side-encryption header',
        fix: async () => {
          const before = {
            policy: await putPolicy(
              withStatements(current, [
                ...current.Statement,
                encryptedUploadsStatement(bucketArn, freshSid(current, 'DenyUnencryptedObjectUploads')),
              ]),
            ),
          };
          return new Fixed(before, { policy: currentText ?? null });
        },
      });
    }

    violations.push(
      ...missingTagsViolation('s3_bucket.missing_tags', 'Bucket', tags, ctx.settings.requiredTags),
    );
    return { tags, violations };
  },
};
