/** Findings for report tests: 12 findings over two accounts and three severities, one hostile. */
import type { CheckId, Severity } from '../../src/runtime/contracts/checks';
import type { ResourceMessage, ResourceType } from '../../src/runtime/contracts/message';
import { type Finding, type RemediationStatus, findingId } from '../../src/runtime/findings/finding';
import type { StoredFinding } from '../../src/runtime/findings/lifecycle';

export const PROD = '111111111111';
export const DEV = '222222222222';

/** A resource id and message that would run script if they were not escaped. */
export const HOSTILE_ID = '<script>document.title="pwned"</script>';
export const HOSTILE_MESSAGE =
  'Bucket policy allows <img src=x onerror="document.title=\'pwned\'"> & "anyone"';

function make(
  check: CheckId,
  severity: Severity,
  account: string,
  type: ResourceType,
  id: string,
  message: string,
  status: RemediationStatus,
  extra: Partial<Finding> = {},
): Finding {
  const resource: ResourceMessage = { account, region: 'eu-west-1', type, id, delay: 0 };
  return {
    id: findingId(check, resource),
    check,
    severity,
    resource,
    message,
    remediation: {
      action: `fix ${check}`,
      status,
      ...(status === 'failed' ? { reason: 'AccessDenied: not authorized to perform the fix' } : {}),
      ...(status === 'excepted' ? { reason: 'excepted by the tag remediation:exception' } : {}),
    },
    observedAt: '2026-11-22T12:00:00.000Z',
    trigger: 'poll',
    ...extra,
  };
}

const OPEN_STATEMENT = { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'sqs:*' };

export const SAMPLE: readonly Finding[] = [
  make(
    's3_bucket.public',
    'critical',
    PROD,
    's3_bucket',
    'prod-invoices',
    'Bucket policy statement "Public" allows anyone (Principal "*") to call s3:GetObject',
    'applied',
    {
      before: {
        policy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'Public',
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::prod-invoices/*',
            },
          ],
        },
      },
      after: { policy: null },
    },
  ),
  make(
    'iam_role.public_trust',
    'critical',
    DEV,
    'iam_role',
    'ci-deployer',
    'Trust policy lets anyone assume the role (Principal {"AWS": "*"})',
    'dry_run',
  ),
  make(
    'kms_key.public_policy',
    'critical',
    PROD,
    'kms_key',
    'arn:aws:kms:eu-west-1:111111111111:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
    'Key policy statement "Everyone" allows anyone to call kms:Decrypt',
    'failed',
  ),
  make(
    'sqs.public',
    'high',
    PROD,
    'sqs',
    'https://sqs.eu-west-1.amazonaws.com/111111111111/orders',
    'Queue policy statement "Open" allows anyone (Principal "*") to call sqs:*',
    'applied',
    {
      before: { Policy: { Version: '2012-10-17', Statement: [OPEN_STATEMENT] } },
      after: { Policy: { Version: '2012-10-17', Statement: [] } },
    },
  ),
  make(
    'sqs.public',
    'high',
    DEV,
    'sqs',
    'https://sqs.eu-west-1.amazonaws.com/222222222222/scratch',
    'Queue policy statement "Open" allows anyone (Principal "*") to call sqs:SendMessage',
    'dry_run',
  ),
  make(
    'security_group.public_ingress',
    'high',
    DEV,
    'security_group',
    'sg-0a1b2c3d4e5f60718',
    'Ingress rule allows 0.0.0.0/0 on port 22 (SSH)',
    'dry_run',
  ),
  make(
    'lambda_function.public',
    'high',
    PROD,
    'lambda_function',
    'thumbnailer',
    'Function policy statement "AllowAll" allows anyone to call lambda:InvokeFunction',
    'excepted',
  ),
  make('s3_bucket.public', 'critical', DEV, 's3_bucket', HOSTILE_ID, HOSTILE_MESSAGE, 'dry_run', {
    before: { policy: '</pre><script>document.title="pwned"</script>' },
  }),
  make(
    's3_bucket.no_tls_enforcement',
    'medium',
    PROD,
    's3_bucket',
    'prod-invoices',
    'Bucket policy does not deny requests without TLS (aws:SecureTransport false)',
    'dry_run',
  ),
  make(
    'ec2.imdsv1_allowed',
    'medium',
    DEV,
    'ec2',
    'i-0123456789abcdef0',
    'Instance metadata accepts IMDSv1 (HttpTokens optional)',
    'applied',
    {
      before: { HttpTokens: 'optional' },
      after: { HttpTokens: 'required' },
    },
  ),
  make(
    'region.vpc_flow_logs',
    'medium',
    DEV,
    'region',
    '',
    'VPC vpc-0aa11bb22cc33dd44 has no flow logs',
    'not_available',
  ),
  make(
    'iam_user.stale_access_key',
    'medium',
    PROD,
    'iam_user',
    'deploy-bot',
    'Access key AKIA…7Q2F has not been used for 214 days',
    'dry_run',
  ),
];

/** The sample as stored findings: statuses open, resolved and excepted. */
export function storedSample(): StoredFinding[] {
  return SAMPLE.map((finding, i) => {
    const status =
      finding.remediation.status === 'excepted'
        ? 'excepted'
        : finding.remediation.status === 'applied'
          ? 'resolved'
          : 'open';
    return {
      id: finding.id,
      check: finding.check,
      severity: finding.severity,
      account: finding.resource.account,
      region: finding.resource.region,
      type: finding.resource.type,
      resourceId: finding.resource.id,
      status,
      firstSeen: `2026-11-${String(10 + i).padStart(2, '0')}T08:00:00.000Z`,
      lastSeen: '2026-11-22T12:00:00.000Z',
      ...(status === 'resolved' ? { resolvedAt: '2026-11-22T12:00:00.000Z' } : {}),
      history: [],
      finding,
      version: 1,
    };
  });
}
