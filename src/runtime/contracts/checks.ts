import type { ResourceType } from './message';

/**
 * Every check the package knows, as `<resource type>.<name>`. Auditors declare the checks they run
 * from this list; settings (`remediate`) may name any of them.
 */
export const CHECK_IDS = [
  'region.guardduty_enabled',
  'region.config_enabled',
  'region.cloudtrail_enabled',
  'region.vpc_flow_logs',
  'region.root_mfa',
  'region.password_policy',
  'ami.public',
  'ami.shared_unknown_account',
  'ebs_snapshot.public',
  'ebs_snapshot.shared_unknown_account',
  'rds_snapshot.public',
  'rds_snapshot.shared_unknown_account',
  'iam_user.password_without_mfa',
  'iam_user.inactive_password',
  'iam_user.stale_access_key',
  'iam_role.public_trust',
  'rds.unencrypted',
  'rds.public',
  'rds.missing_tags',
  'redshift.unencrypted',
  'redshift.public',
  'redshift.tls_not_required',
  'redshift.missing_tags',
  's3_bucket.public',
  's3_bucket.no_encryption_enforcement',
  's3_bucket.no_tls_enforcement',
  's3_bucket.missing_tags',
  'sqs.public',
  'ec2.imdsv1_allowed',
  'ec2.missing_tags',
  'ec2.public_in_dev_account',
  'security_group.public_ingress',
  'elb.missing_tags',
  'elb.instance_tag_mismatch',
  'elb.public_dev_instance',
  'elbv2.public_dev_instance',
  'lambda_function.public',
  'kms_key.public_policy',
  'ecs_service.public_ip',
  'ecs_task.public_ip',
] as const satisfies readonly `${ResourceType}.${string}`[];

export type CheckId = (typeof CHECK_IDS)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What an auditor declares about each check it runs. */
export interface CheckDefinition {
  /** `<resource type>.<name>`, one of {@link CHECK_IDS}. */
  readonly id: CheckId;
  readonly severity: Severity;
  /** One line a person reads in a notification, e.g. "SQS queue policy allows anyone". */
  readonly title: string;
  /** What the automatic fix does, in a few words; absent when the check is only reported. */
  readonly fix?: string;
}

/**
 * Checks whose fix interrupts a workload or deletes something (stops an instance, a database or a
 * task, deletes a console password, deregisters instances, re-encrypts a cluster). `remediate: true`
 * leaves them off: they need `remediateDisruptive: true`, or the check or its type named in the
 * `remediate` map.
 */
export const DISRUPTIVE_CHECKS: ReadonlySet<CheckId> = new Set<CheckId>([
  'ec2.missing_tags',
  'ec2.public_in_dev_account',
  'rds.unencrypted',
  'redshift.unencrypted',
  'iam_user.password_without_mfa',
  'iam_user.inactive_password',
  'elb.public_dev_instance',
  'elbv2.public_dev_instance',
  'ecs_task.public_ip',
]);

/**
 * Checks whose fix removes access granted to named accounts that are not known (partners are
 * common): fixed only when the check id itself is named in the `remediate` map.
 */
export const NAMED_ONLY_CHECKS: ReadonlySet<CheckId> = new Set<CheckId>(
  CHECK_IDS.filter((id) => id.endsWith('.shared_unknown_account')),
);

const CHECK_ID_SET: ReadonlySet<string> = new Set(CHECK_IDS);

export function isCheckId(value: string): value is CheckId {
  return CHECK_ID_SET.has(value);
}

/** The resource type a check id belongs to (`s3_bucket.public` -> `s3_bucket`). */
export function checkResourceType(id: CheckId): ResourceType {
  return id.slice(0, id.indexOf('.')) as ResourceType;
}
