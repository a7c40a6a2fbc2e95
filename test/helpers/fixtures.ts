/**
 * Every type's fixtures (test/runtime/types/<type>/fixtures.ts), joined: the non-compliant scenario
 * of each type, and the listing responders of each type with a lister of its own.
 */
import type { ResourceType } from '../../src/runtime/contracts/message';
import type { ListingFixture } from './listing';
import type { Scenario } from './resources';
import * as ami from '../runtime/types/ami/fixtures';
import * as ebsSnapshot from '../runtime/types/ebs_snapshot/fixtures';
import * as ec2 from '../runtime/types/ec2/fixtures';
import * as ecsService from '../runtime/types/ecs_service/fixtures';
import * as ecsTask from '../runtime/types/ecs_task/fixtures';
import * as elb from '../runtime/types/elb/fixtures';
import * as elbv2 from '../runtime/types/elbv2/fixtures';
import * as iamRole from '../runtime/types/iam_role/fixtures';
import * as iamUser from '../runtime/types/iam_user/fixtures';
import * as kmsKey from '../runtime/types/kms_key/fixtures';
import * as lambdaFunction from '../runtime/types/lambda_function/fixtures';
import * as rds from '../runtime/types/rds/fixtures';
import * as rdsSnapshot from '../runtime/types/rds_snapshot/fixtures';
import * as redshift from '../runtime/types/redshift/fixtures';
import * as region from '../runtime/types/region/fixtures';
import * as s3Bucket from '../runtime/types/s3_bucket/fixtures';
import * as securityGroup from '../runtime/types/security_group/fixtures';
import * as sqs from '../runtime/types/sqs/fixtures';

const FIXTURES: Record<ResourceType, { noncompliant: Scenario; listing?: ListingFixture }> = {
  sqs,
  s3_bucket: s3Bucket,
  ami,
  ebs_snapshot: ebsSnapshot,
  rds_snapshot: rdsSnapshot,
  lambda_function: lambdaFunction,
  iam_role: iamRole,
  kms_key: kmsKey,
  ec2,
  security_group: securityGroup,
  iam_user: iamUser,
  rds,
  redshift,
  elb,
  elbv2,
  ecs_service: ecsService,
  ecs_task: ecsTask,
  region,
};

/** One scenario per audited type that fails all of the type's checks at once. */
export const NONCOMPLIANT: Readonly<Record<ResourceType, Scenario>> = Object.fromEntries(
  Object.entries(FIXTURES).map(([type, f]) => [type, f.noncompliant]),
) as Record<ResourceType, Scenario>;

/** The listing fixtures of the types with a lister of their own. */
export const LISTINGS: readonly ListingFixture[] = Object.values(FIXTURES).flatMap((f) =>
  f.listing ? [f.listing] : [],
);
