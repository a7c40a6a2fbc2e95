/**
 * The benchmark requirements the checks' manifests may name (`CheckSpec.compliance`), with the title
 * the publisher gives each and the page it was taken from. A test holds every mapped id to this list.
 */

export interface Control {
  readonly title: string;
  /** The documentation page the id and title come from. */
  readonly source: string;
}

const HUB = 'https://docs.aws.amazon.com/securityhub/latest/userguide';
const CIS_PAGE = `${HUB}/cis-aws-foundations-benchmark.html`;

/** AWS Foundational Security Best Practices v1.0.0 controls, by control id. */
export const FSBP_CONTROLS: Readonly<Record<string, Control>> = {
  'CloudTrail.1': {
    title:
      'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events',
    source: `${HUB}/cloudtrail-controls.html`,
  },
  'Config.1': {
    title: 'AWS Config should be enabled and use the service-linked role for resource recording',
    source: `${HUB}/config-controls.html`,
  },
  'EC2.1': {
    title: 'Amazon EBS snapshots should not be publicly restorable',
    source: `${HUB}/ec2-controls.html`,
  },
  'EC2.6': { title: 'VPC flow logging should be enabled in all VPCs', source: `${HUB}/ec2-controls.html` },
  'EC2.8': {
    title: 'EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)',
    source: `${HUB}/ec2-controls.html`,
  },
  'ECS.2': {
    title: 'ECS services should not have public IP addresses assigned to them automatically',
    source: `${HUB}/ecs-controls.html`,
  },
  'GuardDuty.1': { title: 'GuardDuty should be enabled', source: `${HUB}/guardduty-controls.html` },
  'IAM.7': {
    title: 'Password policies for IAM users should have strong configurations',
    source: `${HUB}/iam-controls.html`,
  },
  'IAM.8': { title: 'Unused IAM user credentials should be removed', source: `${HUB}/iam-controls.html` },
  'Lambda.1': {
    title: 'Lambda function policies should prohibit public access',
    source: `${HUB}/lambda-controls.html`,
  },
  'RDS.1': { title: 'RDS snapshot should be private', source: `${HUB}/rds-controls.html` },
  'RDS.2': {
    title:
      'RDS DB Instances should prohibit public access, as determined by the PubliclyAccessible configuration',
    source: `${HUB}/rds-controls.html`,
  },
  'RDS.3': {
    title: 'RDS DB instances should have encryption at-rest enabled',
    source: `${HUB}/rds-controls.html`,
  },
  'Redshift.1': {
    title: 'Amazon Redshift clusters should prohibit public access',
    source: `${HUB}/redshift-controls.html`,
  },
  'Redshift.2': {
    title: 'Connections to Amazon Redshift clusters should be encrypted in transit',
    source: `${HUB}/redshift-controls.html`,
  },
  'S3.1': {
    title: 'S3 general purpose buckets should have block public access settings enabled',
    source: `${HUB}/s3-controls.html`,
  },
  'S3.2': {
    title: 'S3 general purpose buckets should block public read access',
    source: `${HUB}/s3-controls.html`,
  },
  'S3.3': {
    title: 'S3 general purpose buckets should block public write access',
    source: `${HUB}/s3-controls.html`,
  },
  'S3.5': {
    title: 'S3 general purpose buckets should require requests to use SSL',
    source: `${HUB}/s3-controls.html`,
  },
  'SNS.4': {
    title: 'SNS topic access policies should not allow public access',
    source: `${HUB}/sns-controls.html`,
  },
};

/** CIS AWS Foundations Benchmark v3.0.0 recommendations, by number. */
export const CIS_V3_RECOMMENDATIONS: Readonly<Record<string, Control>> = {
  '1.5': { title: 'Ensure MFA is enabled for the root user account', source: CIS_PAGE },
  '1.10': {
    title:
      'Ensure multi-factor authentication (MFA) is enabled for all IAM users that have a console password',
    source: CIS_PAGE,
  },
  '2.1.1': { title: 'Ensure S3 Bucket Policy is set to deny HTTP requests', source: CIS_PAGE },
  '2.1.4': { title: "Ensure that S3 is configured with 'Block Public Access' enabled", source: CIS_PAGE },
  '2.3.1': { title: 'Ensure that encryption-at-rest is enabled for RDS instances', source: CIS_PAGE },
  '2.3.3': { title: 'Ensure that public access is not given to RDS instance', source: CIS_PAGE },
  '3.1': { title: 'Ensure CloudTrail is enabled in all regions', source: CIS_PAGE },
  '3.3': { title: 'Ensure AWS Config is enabled in all regions', source: CIS_PAGE },
  '3.7': { title: 'Ensure VPC flow logging is enabled in all VPCs', source: CIS_PAGE },
  '5.6': { title: 'Ensure that EC2 Metadata Service only allows IMDSv2', source: CIS_PAGE },
};

/** How Security Hub names a requirement in `Compliance.RelatedRequirements`. */
export function relatedRequirements(
  compliance: { fsbp?: readonly string[]; cis?: readonly string[] } = {},
): string[] {
  return [
    ...(compliance.fsbp ?? []).map((id) => `AWS Foundational Security Best Practices v1.0.0/${id}`),
    ...(compliance.cis ?? []).map((id) => `CIS AWS Foundations Benchmark v3.0.0/${id}`),
  ];
}
