import { defineType } from '../manifest';
import { requestId } from '../../events/ids';

/**
 * S3 buckets (id: the bucket name): not public by ACL or policy, TLS and encrypted uploads enforced,
 * tagged. Global: listed once per account.
 */
export const s3Bucket = defineType({
  type: 's3_bucket',
  id: 'the bucket name',
  global: true,
  checks: [
    {
      id: 's3_bucket.public',
      compliance: { fsbp: ['S3.2', 'S3.3'] },
      severity: 'critical',
      title: 'S3 bucket ACL or policy allows anyone',
      fix: 'remove the AllUsers and AuthenticatedUsers grants and take the public principals out of the policy (a statement goes only when nothing legitimate is left); the rest stays',
    },
    {
      id: 's3_bucket.shared_unknown_account',
      severity: 'high',
      title: 'S3 bucket policy grants an unknown account',
      fix: 'take the unknown accounts and organizations out of the bucket policy; the others stay',
      consent: 'named',
    },
    {
      id: 's3_bucket.no_tls_enforcement',
      compliance: { fsbp: ['S3.5'], cis: ['2.1.1'] },
      severity: 'medium',
      title: 'S3 bucket policy does not deny requests without TLS',
      fix: 'add a statement denying s3:* when aws:SecureTransport is false',
    },
    {
      id: 's3_bucket.no_encryption_enforcement',
      severity: 'medium',
      title: 'S3 bucket policy does not deny uploads without server-side encryption',
      fix: 'add a statement denying s3:PutObject without an x-amz-server-side-encryption header',
    },
    { id: 's3_bucket.missing_tags', severity: 'low', title: 'S3 bucket lacks required tags' },
  ],
  readActions: ['s3:GetBucketAcl', 's3:GetBucketPolicy', 's3:GetBucketTagging'],
  remediateActions: ['s3:PutBucketAcl', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
  notFound: ['NoSuchBucket'],
  events: [
    // ACLs, policies, the public access block, ownership controls (ACLs back on) and tags.
    {
      eventSource: 's3.amazonaws.com',
      eventNames: [
        'CreateBucket',
        'PutBucketPolicy',
        'DeleteBucketPolicy',
        'PutBucketAcl',
        'PutBucketPublicAccessBlock',
        'DeleteBucketPublicAccessBlock',
        'PutBucketOwnershipControls',
        'DeleteBucketOwnershipControls',
        'PutBucketTagging',
        'DeleteBucketTagging',
      ],
      ids: requestId('bucketName'),
    },
  ],
  listing: { actions: ['s3:ListAllMyBuckets'], load: async () => (await import('./lister')).lister },
  securityHub: { resourceType: 'AwsS3Bucket', arn: (r, p) => `arn:${p}:s3:::${r.id}` },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['s3:PutBucketAcl', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
});
