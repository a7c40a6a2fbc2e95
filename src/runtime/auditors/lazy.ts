import type { ResourceType } from '../contracts/message';
import type { Auditor } from './types';

/**
 * Each auditor, loaded on first use: a function that audits only SQS queues never loads the EC2, RDS
 * or IAM clients. (In the bundles these become lazily initialised modules.)
 */
export const AUDITOR_LOADERS: Readonly<Record<ResourceType, () => Promise<Auditor>>> = {
  region: async () => (await import('./region')).regionAuditor,
  ami: async () => (await import('./ami')).amiAuditor,
  ebs_snapshot: async () => (await import('./ebs-snapshot')).ebsSnapshotAuditor,
  iam_user: async () => (await import('./iam-user')).iamUserAuditor,
  iam_role: async () => (await import('./iam-role')).iamRoleAuditor,
  rds: async () => (await import('./rds')).rdsAuditor,
  rds_snapshot: async () => (await import('./rds-snapshot')).rdsSnapshotAuditor,
  redshift: async () => (await import('./redshift')).redshiftAuditor,
  s3_bucket: async () => (await import('./s3-bucket')).s3BucketAuditor,
  sqs: async () => (await import('./sqs')).sqsAuditor,
  ec2: async () => (await import('./ec2')).ec2Auditor,
  security_group: async () => (await import('./security-group')).securityGroupAuditor,
  elb: async () => (await import('./elb')).elbAuditor,
  elbv2: async () => (await import('./elbv2')).elbv2Auditor,
  lambda_function: async () => (await import('./lambda-function')).lambdaFunctionAuditor,
  kms_key: async () => (await import('./kms-key')).kmsKeyAuditor,
  ecs_service: async () => (await import('./ecs')).ecsServiceAuditor,
  ecs_task: async () => (await import('./ecs')).ecsTaskAuditor,
};

/** What the remediator needs of a registry: the auditor of a type, now or once loaded. */
export interface AuditorLookup {
  find(type: ResourceType): Auditor | undefined | Promise<Auditor | undefined>;
}

/** The registry the functions use: every type's auditor, loaded on first use. */
export const lazyRegistry: AuditorLookup = {
  find: (type) => AUDITOR_LOADERS[type]?.(),
};
