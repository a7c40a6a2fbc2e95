import type { CheckDefinition } from '../contracts/checks';
import { RESOURCE_TYPES, type ResourceType } from '../contracts/message';
import { amiAuditor } from './ami';
import { ec2Auditor } from './ec2';
import { ecsServiceAuditor, ecsTaskAuditor } from './ecs';
import { elbAuditor } from './elb';
import { elbv2Auditor } from './elbv2';
import { iamUserAuditor } from './iam-user';
import { rdsAuditor } from './rds';
import { redshiftAuditor } from './redshift';
import { regionAuditor } from './region';
import { securityGroupAuditor } from './security-group';
import { ebsSnapshotAuditor } from './ebs-snapshot';
import { iamRoleAuditor } from './iam-role';
import { kmsKeyAuditor } from './kms-key';
import { lambdaFunctionAuditor } from './lambda-function';
import { rdsSnapshotAuditor } from './rds-snapshot';
import { s3BucketAuditor } from './s3-bucket';
import { sqsAuditor } from './sqs';
import type { Auditor } from './types';

/** Every auditor, one per resource type. The member role's policy is generated from this list. */
export const AUDITORS: readonly Auditor[] = [
  sqsAuditor,
  s3BucketAuditor,
  amiAuditor,
  ebsSnapshotAuditor,
  rdsSnapshotAuditor,
  lambdaFunctionAuditor,
  iamRoleAuditor,
  kmsKeyAuditor,
  regionAuditor,
  iamUserAuditor,
  ec2Auditor,
  securityGroupAuditor,
  rdsAuditor,
  redshiftAuditor,
  elbAuditor,
  elbv2Auditor,
  ecsServiceAuditor,
  ecsTaskAuditor,
];

/**
 * IAM actions the remediator itself needs in member accounts, besides the auditors': the members and
 * id of an organization, read in its management account, to tell known accounts from strangers.
 */
export const CORE_READ_ACTIONS: readonly string[] = [
  'organizations:DescribeOrganization',
  'organizations:ListAccounts',
];

/**
 * IAM actions of the policy fixes when `confirmWithAccessAnalyzer` is on: IAM Access Analyzer's check
 * that the policy is public before the fix and not after.
 */
export const CONFIRM_ACTIONS: readonly string[] = ['access-analyzer:CheckNoPublicAccess'];

/** An index of auditors by type, refusing duplicates. */
export class AuditorRegistry {
  private readonly byType = new Map<ResourceType, Auditor>();

  constructor(auditors: readonly Auditor[] = AUDITORS) {
    for (const auditor of auditors) {
      if (this.byType.has(auditor.type)) throw new Error(`two auditors for resource type ${auditor.type}`);
      this.byType.set(auditor.type, auditor);
    }
  }

  get auditors(): readonly Auditor[] {
    return [...this.byType.values()];
  }

  /** The auditor of a type, or undefined when the type has none (yet). */
  find(type: ResourceType): Auditor | undefined {
    return this.byType.get(type);
  }

  /** The auditor of a type; an unknown name fails and lists the valid ones. */
  get(type: string): Auditor {
    const auditor = this.byType.get(type as ResourceType);
    if (!auditor) {
      throw new Error(
        `no auditor for ${JSON.stringify(type)}; audited types: ${[...this.byType.keys()].join(', ')}`,
      );
    }
    return auditor;
  }

  /** Types of the message contract that no auditor covers. */
  unaudited(): ResourceType[] {
    return RESOURCE_TYPES.filter((t) => !this.byType.has(t));
  }

  /** Every check, in registry order. */
  checks(): CheckDefinition[] {
    return this.auditors.flatMap((a) => a.checks);
  }

  /**
   * The IAM actions of the member role: the read actions always, the remediation actions only when
   * `remediation` is true. Sorted and without duplicates.
   */
  memberActions(remediation: boolean): string[] {
    const actions = new Set<string>(CORE_READ_ACTIONS);
    for (const auditor of this.auditors) {
      for (const action of auditor.readActions) actions.add(action);
      if (remediation) for (const action of auditor.remediateActions) actions.add(action);
    }
    return [...actions].sort();
  }
}

/** The registry of every auditor of this package. */
export const registry = new AuditorRegistry();
