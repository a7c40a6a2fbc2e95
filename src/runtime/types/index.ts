/**
 * Every resource type, one manifest each (`./<type>/manifest.ts`). Adding a type is adding its folder
 * and one line here: the message contract's type list, the check catalogue, the translator's table,
 * the poller's listers, the member role's actions and the README's tables are derived from this list.
 * The order is the message contract's.
 */

import { ami } from './ami/manifest';
import { ebsSnapshot } from './ebs_snapshot/manifest';
import { ec2 } from './ec2/manifest';
import { ecrRepository } from './ecr_repository/manifest';
import { efsFileSystem } from './efs_file_system/manifest';
import { ecsService } from './ecs_service/manifest';
import { dynamodbTable } from './dynamodb_table/manifest';
import { ecsTask } from './ecs_task/manifest';
import { elb } from './elb/manifest';
import { elbv2 } from './elbv2/manifest';
import { iamRole } from './iam_role/manifest';
import { iamUser } from './iam_user/manifest';
import { kmsKey } from './kms_key/manifest';
import { lambdaFunction } from './lambda_function/manifest';
import { opensearchDomain } from './opensearch_domain/manifest';
import { lambdaLayer } from './lambda_layer/manifest';
import { rds } from './rds/manifest';
import { rdsClusterSnapshot } from './rds_cluster_snapshot/manifest';
import { rdsSnapshot } from './rds_snapshot/manifest';
import { redshift } from './redshift/manifest';
import { region } from './region/manifest';
import { s3Bucket } from './s3_bucket/manifest';
import { secretsmanagerSecret } from './secretsmanager_secret/manifest';
import { securityGroup } from './security_group/manifest';
import { snsTopic } from './sns_topic/manifest';
import { sqs } from './sqs/manifest';

export const MANIFESTS = [
  region,
  ami,
  ebsSnapshot,
  iamUser,
  iamRole,
  rds,
  rdsSnapshot,
  redshift,
  s3Bucket,
  sqs,
  ec2,
  securityGroup,
  elb,
  elbv2,
  lambdaFunction,
  kmsKey,
  ecsService,
  ecsTask,
  snsTopic,
  secretsmanagerSecret,
  ecrRepository,
  efsFileSystem,
  rdsClusterSnapshot,
  opensearchDomain,
  dynamodbTable,
  lambdaLayer,
] as const;

export type Manifest = (typeof MANIFESTS)[number];
/** The message types (the wire contract's `type`). */
export type ResourceTypeName = Manifest['type'];
/** Every check id, `<type>.<name>`. */
export type CheckIdName = Manifest['checks'][number]['id'];

const BY_TYPE: ReadonlyMap<string, Manifest> = new Map(MANIFESTS.map((m) => [m.type, m]));

/** The manifest of a type; undefined for a name that is not a type. */
export function manifestOf(type: string): Manifest | undefined {
  return BY_TYPE.get(type);
}
