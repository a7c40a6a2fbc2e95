import { OWNER, REGION, type Sample } from './events';

const queueUrl = `https://sqs.${REGION}.amazonaws.com/${OWNER}/orders`;
const lbArn = `arn:aws:elasticloadbalancing:${REGION}:${OWNER}:loadbalancer/app/web/50dc6c495c0c9188`;
const tgArn = `arn:aws:elasticloadbalancing:${REGION}:${OWNER}:targetgroup/web/2453ed029918f21f`;
const listenerArn = `arn:aws:elasticloadbalancing:${REGION}:${OWNER}:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2`;
const keyId = '1234abcd-12ab-34cd-56ef-1234567890ab';
const serviceArn = `arn:aws:ecs:${REGION}:${OWNER}:service/prod/api`;
const taskArn = (id: string) => `arn:aws:ecs:${REGION}:${OWNER}:task/prod/${id}`;
const functionUrlRequest = { functionName: 'api', authType: 'NONE' };
const topicArn = `arn:aws:sns:${REGION}:${OWNER}:alerts`;
const secretArn = `arn:aws:secretsmanager:${REGION}:${OWNER}:secret:prod/db-a1B2c3`;
const tableArn = `arn:aws:dynamodb:${REGION}:${OWNER}:table/orders`;
const layerVersionArn = `arn:aws:lambda:${REGION}:${OWNER}:layer:shared-libs:3`;

/**
 * One realistic call (request and response elements as CloudTrail records them) for every row of the
 * translation table, with the resources it must yield. A test checks that no row lacks one.
 */
export const SAMPLES: readonly Sample[] = [
  // SQS
  {
    source: 'sqs.amazonaws.com',
    name: 'CreateQueue',
    request: { queueName: 'orders', attribute: { DelaySeconds: '0' } },
    response: { queueUrl },
    expected: [{ type: 'sqs', id: queueUrl }],
  },
  {
    source: 'sqs.amazonaws.com',
    name: 'SetQueueAttributes',
    request: { queueUrl, attributes: { Policy: '{"Statement":[]}' } },
    expected: [{ type: 'sqs', id: queueUrl }],
  },
  {
    source: 'sqs.amazonaws.com',
    name: 'AddPermission',
    request: { queueUrl, label: 'x', aWSAccountIds: ['333333333333'], actions: ['SendMessage'] },
    expected: [{ type: 'sqs', id: queueUrl }],
  },
  // EC2 images, snapshots, instances
  {
    source: 'ec2.amazonaws.com',
    name: 'ModifyImageAttribute',
    request: { imageId: 'ami-0abc', launchPermission: { add: { items: [{ group: 'all' }] } } },
    response: { _return: true },
    expected: [{ type: 'ami', id: 'ami-0abc' }],
  },
  {
    source: 'ec2.amazonaws.com',
    name: 'ModifySnapshotAttribute',
    request: { snapshotId: 'snap-0abc', createVolumePermission: { add: { items: [{ group: 'all' }] } } },
    expected: [{ type: 'ebs_snapshot', id: 'snap-0abc' }],
  },
  {
    source: 'ec2.amazonaws.com',
    name: 'RunInstances',
    request: { instancesSet: { items: [{ imageId: 'ami-0abc', minCount: 2, maxCount: 2 }] } },
    response: {
      reservationId: 'r-0abc',
      instancesSet: {
        items: [
          { instanceId: 'i-0aaa', imageId: 'ami-0abc' },
          { instanceId: 'i-0bbb', imageId: 'ami-0abc' },
        ],
      },
    },
    expected: [
      { type: 'ec2', id: 'i-0aaa' },
      { type: 'ec2', id: 'i-0bbb' },
    ],
  },
  {
    source: 'ec2.amazonaws.com',
    name: 'ModifyInstanceMetadataOptions',
    request: { ModifyInstanceMetadataOptionsRequest: { HttpTokens: 'optional', InstanceId: 'i-0ccc' } },
    expected: [{ type: 'ec2', id: 'i-0ccc' }],
  },
  {
    source: 'ec2.amazonaws.com',
    name: 'AssociateAddress',
    request: { instanceId: 'i-0ddd', allocationId: 'eipalloc-0abc' },
    response: { associationId: 'eipassoc-0abc' },
    expected: [{ type: 'ec2', id: 'i-0ddd' }],
  },
  {
    source: 'ec2.amazonaws.com',
    name: 'DeleteTags',
    request: {
      resourcesSet: { items: [{ resourceId: 'i-0eee' }, { resourceId: 'sg-0abc' }] },
      tagSet: { items: [{ key: 'team' }] },
    },
    expected: [{ type: 'ec2', id: 'i-0eee' }],
  },
  // Security groups
  {
    source: 'ec2.amazonaws.com',
    name: 'CreateSecurityGroup',
    request: { groupName: 'web', groupDescription: 'web', vpcId: 'vpc-0abc' },
    response: { _return: true, groupId: 'sg-0abc' },
    expected: [{ type: 'security_group', id: 'sg-0abc' }],
  },
  {
    source: 'ec2.amazonaws.com',
    name: 'AuthorizeSecurityGroupIngress',
    request: {
      groupId: 'sg-0abc',
      ipPermissions: {
        items: [
          { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } },
        ],
      },
    },
    response: {
      _return: true,
      securityGroupRuleSet: { items: [{ groupId: 'sg-0abc', securityGroupRuleId: 'sgr-1' }] },
    },
    expected: [{ type: 'security_group', id: 'sg-0abc' }],
  },
  {
    source: 'ec2.amazonaws.com',
    name: 'ModifySecurityGroupRules',
    request: {
      ModifySecurityGroupRulesRequest: {
        GroupId: 'sg-0def',
        SecurityGroupRule: { SecurityGroupRuleId: 'sgr-1', SecurityGroupRule: { CidrIpv4: '0.0.0.0/0' } },
      },
    },
    expected: [{ type: 'security_group', id: 'sg-0def' }],
  },
  // RDS
  {
    source: 'rds.amazonaws.com',
    name: 'ModifyDBSnapshotAttribute',
    request: { dBSnapshotIdentifier: 'nightly', attributeName: 'restore', valuesToAdd: ['all'] },
    expected: [{ type: 'rds_snapshot', id: 'nightly' }],
  },
  {
    source: 'rds.amazonaws.com',
    name: 'ModifyDBInstance',
    request: { dBInstanceIdentifier: 'orders', publiclyAccessible: true, applyImmediately: true },
    expected: [{ type: 'rds', id: 'orders' }],
  },
  {
    source: 'rds.amazonaws.com',
    name: 'CreateDBInstance',
    request: { dBInstanceIdentifier: 'orders', engine: 'postgres', storageEncrypted: false },
    response: { dBInstanceIdentifier: 'orders', dBInstanceStatus: 'creating' },
    expected: [{ type: 'rds', id: 'orders', delay: 900 }],
  },
  {
    source: 'rds.amazonaws.com',
    name: 'CreateDBInstanceReadReplica',
    request: { dBInstanceIdentifier: 'orders-replica', sourceDBInstanceIdentifier: 'orders' },
    expected: [{ type: 'rds', id: 'orders-replica', delay: 900 }],
  },
  {
    source: 'rds.amazonaws.com',
    name: 'RestoreDBInstanceFromDBSnapshot',
    request: { dBInstanceIdentifier: 'orders-restored', dBSnapshotIdentifier: 'nightly' },
    expected: [{ type: 'rds', id: 'orders-restored', delay: 900 }],
  },
  {
    source: 'rds.amazonaws.com',
    name: 'RestoreDBInstanceToPointInTime',
    request: {
      sourceDBInstanceIdentifier: 'orders',
      targetDBInstanceIdentifier: 'orders-pitr',
      useLatestRestorableTime: true,
    },
    expected: [{ type: 'rds', id: 'orders-pitr', delay: 900 }],
  },
  {
    source: 'rds.amazonaws.com',
    name: 'RemoveTagsFromResource',
    request: { resourceName: `arn:aws:rds:${REGION}:${OWNER}:db:orders`, tagKeys: ['team'] },
    expected: [{ type: 'rds', id: 'orders' }],
  },
  // Redshift
  {
    source: 'redshift.amazonaws.com',
    name: 'CreateCluster',
    request: { clusterIdentifier: 'warehouse', nodeType: 'ra3.xlplus', encrypted: false },
    response: { clusterIdentifier: 'warehouse', clusterStatus: 'creating' },
    expected: [{ type: 'redshift', id: 'warehouse', delay: 900 }],
  },
  {
    source: 'redshift.amazonaws.com',
    name: 'RestoreFromClusterSnapshot',
    request: { clusterIdentifier: 'warehouse-restored', snapshotIdentifier: 'snap' },
    expected: [{ type: 'redshift', id: 'warehouse-restored', delay: 900 }],
  },
  {
    source: 'redshift.amazonaws.com',
    name: 'ModifyCluster',
    request: { clusterIdentifier: 'warehouse', publiclyAccessible: true },
    expected: [{ type: 'redshift', id: 'warehouse', delay: 900 }],
  },
  {
    source: 'redshift.amazonaws.com',
    name: 'DeleteTags',
    request: { resourceName: `arn:aws:redshift:${REGION}:${OWNER}:cluster:warehouse`, tagKeys: ['team'] },
    expected: [{ type: 'redshift', id: 'warehouse' }],
  },
  // S3
  ...[
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
  ].map((name): Sample => ({
    source: 's3.amazonaws.com',
    name,
    request: { bucketName: 'reports', Host: 'reports.s3.amazonaws.com' },
    expected: [{ type: 's3_bucket', id: 'reports' }],
  })),
  // Load balancers
  {
    source: 'elasticloadbalancing.amazonaws.com',
    name: 'RegisterInstancesWithLoadBalancer',
    request: { loadBalancerName: 'web-classic', instances: [{ instanceId: 'i-0aaa' }] },
    response: { instances: [{ instanceId: 'i-0aaa' }] },
    expected: [{ type: 'elb', id: 'web-classic' }],
  },
  {
    source: 'elasticloadbalancing.amazonaws.com',
    name: 'CreateLoadBalancer',
    request: { loadBalancerName: 'web-classic', listeners: [{ protocol: 'HTTP', loadBalancerPort: 80 }] },
    response: { dNSName: 'web-classic-1.eu-west-1.elb.amazonaws.com' },
    expected: [{ type: 'elb', id: 'web-classic' }],
  },
  {
    source: 'elasticloadbalancing.amazonaws.com',
    name: 'CreateLoadBalancer',
    request: { name: 'web', scheme: 'internet-facing', type: 'application' },
    response: { loadBalancers: [{ loadBalancerArn: lbArn, loadBalancerName: 'web' }] },
    expected: [{ type: 'elbv2', id: lbArn }],
  },
  {
    source: 'elasticloadbalancing.amazonaws.com',
    name: 'RemoveTags',
    request: { loadBalancerNames: ['web-classic'], tags: [{ key: 'team' }] },
    expected: [{ type: 'elb', id: 'web-classic' }],
  },
  {
    source: 'elasticloadbalancing.amazonaws.com',
    name: 'RegisterTargets',
    request: { targetGroupArn: tgArn, targets: [{ id: 'i-0aaa' }] },
    expected: [{ type: 'elbv2', id: tgArn }],
  },
  {
    source: 'elasticloadbalancing.amazonaws.com',
    name: 'CreateListener',
    request: { loadBalancerArn: lbArn, protocol: 'HTTP', port: 80 },
    response: { listeners: [{ listenerArn, loadBalancerArn: lbArn }] },
    expected: [{ type: 'elbv2', id: lbArn }],
  },
  {
    source: 'elasticloadbalancing.amazonaws.com',
    name: 'ModifyListener',
    request: { listenerArn, port: 8080 },
    response: { listeners: [{ listenerArn, loadBalancerArn: lbArn }] },
    expected: [{ type: 'elbv2', id: lbArn }],
  },
  // IAM
  {
    source: 'iam.amazonaws.com',
    name: 'CreateRole',
    request: { roleName: 'deployer', assumeRolePolicyDocument: '{}' },
    response: { role: { roleName: 'deployer', arn: `arn:aws:iam::${OWNER}:role/deployer` } },
    expected: [{ type: 'iam_role', id: 'deployer' }],
  },
  {
    source: 'iam.amazonaws.com',
    name: 'UpdateAssumeRolePolicy',
    request: { roleName: 'deployer', policyDocument: '{}' },
    expected: [{ type: 'iam_role', id: 'deployer' }],
  },
  ...['CreateLoginProfile', 'UpdateLoginProfile', 'DeactivateMFADevice', 'UpdateAccessKey'].map(
    (name): Sample => ({
      source: 'iam.amazonaws.com',
      name,
      request: { userName: 'alice' },
      expected: [{ type: 'iam_user', id: 'alice' }],
    }),
  ),
  {
    source: 'iam.amazonaws.com',
    name: 'CreateAccessKey',
    request: null,
    response: { accessKey: { userName: 'bob', accessKeyId: 'AKIAEXAMPLE', status: 'Active' } },
    expected: [{ type: 'iam_user', id: 'bob' }],
  },
  // Lambda
  {
    source: 'lambda.amazonaws.com',
    name: 'AddPermission20150331v2',
    request: {
      functionName: `arn:aws:lambda:${REGION}:${OWNER}:function:api:prod`,
      principal: '*',
      action: 'lambda:InvokeFunction',
    },
    response: { statement: '{}' },
    expected: [{ type: 'lambda_function', id: 'api' }],
  },
  {
    source: 'lambda.amazonaws.com',
    name: 'AddPermission20150331',
    request: { functionName: 'api', principal: '*', action: 'lambda:InvokeFunction' },
    expected: [{ type: 'lambda_function', id: 'api' }],
  },
  {
    source: 'lambda.amazonaws.com',
    name: 'CreateFunction20150331',
    request: { functionName: 'api', runtime: 'nodejs22.x' },
    response: { functionName: 'api', functionArn: `arn:aws:lambda:${REGION}:${OWNER}:function:api` },
    expected: [{ type: 'lambda_function', id: 'api' }],
  },
  ...[
    'CreateFunctionUrlConfig',
    'CreateFunctionUrlConfig20211031',
    'UpdateFunctionUrlConfig',
    'UpdateFunctionUrlConfig20211031',
  ].map((name): Sample => ({
    source: 'lambda.amazonaws.com',
    name,
    request: functionUrlRequest,
    response: { functionArn: `arn:aws:lambda:${REGION}:${OWNER}:function:api`, authType: 'NONE' },
    expected: [{ type: 'lambda_function', id: 'api' }],
  })),
  // KMS
  {
    source: 'kms.amazonaws.com',
    name: 'CreateKey',
    request: { keyUsage: 'ENCRYPT_DECRYPT' },
    response: { keyMetadata: { keyId, arn: `arn:aws:kms:${REGION}:${OWNER}:key/${keyId}` } },
    expected: [{ type: 'kms_key', id: keyId }],
  },
  {
    source: 'kms.amazonaws.com',
    name: 'PutKeyPolicy',
    request: { keyId: `arn:aws:kms:${REGION}:${OWNER}:key/${keyId}`, policyName: 'default', policy: '{}' },
    expected: [{ type: 'kms_key', id: keyId }],
  },
  // ECS
  ...['CreateService', 'UpdateService'].map((name): Sample => ({
    source: 'ecs.amazonaws.com',
    name,
    request: { cluster: 'prod', service: 'api' },
    response: { service: { serviceArn, clusterArn: `arn:aws:ecs:${REGION}:${OWNER}:cluster/prod` } },
    expected: [{ type: 'ecs_service', id: serviceArn }],
  })),
  ...['RunTask', 'StartTask'].map((name): Sample => ({
    source: 'ecs.amazonaws.com',
    name,
    request: { cluster: 'prod', taskDefinition: 'api:3', count: 2 },
    response: { tasks: [{ taskArn: taskArn('aaa') }, { taskArn: taskArn('bbb') }], failures: [] },
    expected: [
      { type: 'ecs_task', id: taskArn('aaa'), delay: 120 },
      { type: 'ecs_task', id: taskArn('bbb'), delay: 120 },
    ],
  })),
  // SNS (https://docs.aws.amazon.com/sns/latest/dg/sns-logging-using-cloudtrail.html)
  {
    source: 'sns.amazonaws.com',
    name: 'CreateTopic',
    request: { name: 'alerts', attributes: { Policy: '{"Statement":[]}' } },
    response: { topicArn },
    expected: [{ type: 'sns_topic', id: topicArn }],
  },
  {
    source: 'sns.amazonaws.com',
    name: 'SetTopicAttributes',
    request: { topicArn, attributeName: 'Policy', attributeValue: '{"Statement":[]}' },
    expected: [{ type: 'sns_topic', id: topicArn }],
  },
  {
    source: 'sns.amazonaws.com',
    name: 'AddPermission',
    request: { topicArn, label: 'partner', aWSAccountId: ['333333333333'], actionName: ['Publish'] },
    expected: [{ type: 'sns_topic', id: topicArn }],
  },
  // Secrets Manager (https://docs.aws.amazon.com/secretsmanager/latest/userguide/cloudtrail_log_entries.html):
  // the response's ARN is `arn`, or `aRN` before February 2024.
  {
    source: 'secretsmanager.amazonaws.com',
    name: 'PutResourcePolicy',
    request: { secretId: 'prod/db', resourcePolicy: '{"Statement":[]}', blockPublicPolicy: false },
    response: { arn: secretArn, name: 'prod/db' },
    expected: [{ type: 'secretsmanager_secret', id: secretArn }],
  },
  {
    source: 'secretsmanager.amazonaws.com',
    name: 'PutResourcePolicy',
    request: { secretId: 'prod/db', resourcePolicy: '{"Statement":[]}' },
    response: { aRN: secretArn, name: 'prod/db' },
    expected: [{ type: 'secretsmanager_secret', id: secretArn }],
  },
  // Only a name and no response: no ARN to name the secret by.
  {
    source: 'secretsmanager.amazonaws.com',
    name: 'PutResourcePolicy',
    request: { secretId: 'prod/db', resourcePolicy: '{"Statement":[]}' },
    expected: [],
  },
  ...['RestoreSecret', 'StopReplicationToReplica'].map((name): Sample => ({
    source: 'secretsmanager.amazonaws.com',
    name,
    request: { secretId: secretArn },
    response: { arn: secretArn },
    expected: [{ type: 'secretsmanager_secret', id: secretArn }],
  })),
  // ECR (requestParameters and responseElements as the ECR API names them)
  {
    source: 'ecr.amazonaws.com',
    name: 'CreateRepository',
    request: { repositoryName: 'team/api' },
    response: {
      repository: {
        repositoryArn: `arn:aws:ecr:${REGION}:${OWNER}:repository/team/api`,
        registryId: OWNER,
        repositoryName: 'team/api',
      },
    },
    expected: [{ type: 'ecr_repository', id: 'team/api' }],
  },
  {
    source: 'ecr.amazonaws.com',
    name: 'SetRepositoryPolicy',
    request: { repositoryName: 'team/api', policyText: '{"Statement":[]}' },
    response: { registryId: OWNER, repositoryName: 'team/api', policyText: '{"Statement":[]}' },
    expected: [{ type: 'ecr_repository', id: 'team/api' }],
  },
  // EFS (requestParameters as CloudTrail records the API's fields, first letter lower-cased)
  {
    source: 'elasticfilesystem.amazonaws.com',
    name: 'PutFileSystemPolicy',
    request: {
      fileSystemId: 'fs-0123456789abcdef0',
      policy: '{"Statement":[]}',
      bypassPolicyLockoutSafetyCheck: false,
    },
    response: { fileSystemId: 'fs-0123456789abcdef0', policy: '{"Statement":[]}' },
    expected: [{ type: 'efs_file_system', id: 'fs-0123456789abcdef0' }],
  },
  // The API takes the file system's ARN too (FileSystemId pattern in the EFS API reference).
  {
    source: 'elasticfilesystem.amazonaws.com',
    name: 'PutFileSystemPolicy',
    request: {
      fileSystemId: `arn:aws:elasticfilesystem:${REGION}:${OWNER}:file-system/fs-0123456789abcdef0`,
      policy: '{"Statement":[]}',
    },
    expected: [{ type: 'efs_file_system', id: 'fs-0123456789abcdef0' }],
  },
  // RDS cluster snapshots: RDS stores the identifier in lowercase, and the message names it so.
  {
    source: 'rds.amazonaws.com',
    name: 'ModifyDBClusterSnapshotAttribute',
    request: {
      dBClusterSnapshotIdentifier: 'Nightly-Aurora',
      attributeName: 'restore',
      valuesToAdd: ['all'],
    },
    expected: [{ type: 'rds_cluster_snapshot', id: 'nightly-aurora' }],
  },
  // OpenSearch Service (and its Elasticsearch API): the domain in requestParameters.domainName.
  ...['CreateDomain', 'CreateElasticsearchDomain'].map((name): Sample => ({
    source: 'es.amazonaws.com',
    name,
    request: { domainName: 'orders-search', accessPolicies: '{"Statement":[]}' },
    response: { domainStatus: { domainName: 'orders-search', processing: true, created: true } },
    expected: [{ type: 'opensearch_domain', id: 'orders-search', delay: 900 }],
  })),
  ...['UpdateDomainConfig', 'UpdateElasticsearchDomainConfig'].map((name): Sample => ({
    source: 'es.amazonaws.com',
    name,
    request: { domainName: 'orders-search', accessPolicies: '{"Statement":[]}' },
    expected: [{ type: 'opensearch_domain', id: 'orders-search' }],
  })),
  // S3 account-level Block Public Access: a message for the account and region of the call.
  {
    source: 's3.amazonaws.com',
    name: 'PutAccountPublicAccessBlock',
    request: {
      'x-amz-account-id': OWNER,
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: false,
        RestrictPublicBuckets: false,
      },
    },
    expected: [{ type: 'region', id: '' }],
  },
  {
    source: 's3.amazonaws.com',
    name: 'DeleteAccountPublicAccessBlock',
    request: { 'x-amz-account-id': OWNER },
    expected: [{ type: 'region', id: '' }],
  },
  // Lambda layer versions: by the layer's name or ARN and the version (a number in CloudTrail)
  ...[
    ['AddLayerVersionPermission', 'shared-libs'],
    ['AddLayerVersionPermission20181031', `arn:aws:lambda:${REGION}:${OWNER}:layer:shared-libs`],
  ].map(([name, layerName]): Sample => ({
    source: 'lambda.amazonaws.com',
    name: name!,
    request: {
      layerName,
      versionNumber: 3,
      statementId: 'anyone',
      action: 'lambda:GetLayerVersion',
      principal: '*',
    },
    response: {
      statement: `{"Sid":"anyone","Effect":"Allow","Principal":"*","Action":"lambda:GetLayerVersion","Resource":"${layerVersionArn}"}`,
      revisionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    },
    expected: [{ type: 'lambda_layer', id: layerVersionArn }],
  })),
  // DynamoDB: a table's policy, or its stream's (the stream ARN names the table)
  {
    source: 'dynamodb.amazonaws.com',
    name: 'CreateTable',
    request: { tableName: 'orders', billingMode: 'PAY_PER_REQUEST', resourcePolicy: '{}' },
    response: { tableDescription: { tableName: 'orders', tableArn, tableStatus: 'CREATING' } },
    expected: [{ type: 'dynamodb_table', id: 'orders', delay: 30 }],
  },
  ...[tableArn, `${tableArn}/stream/2026-11-01T08:00:00.000`].map((resourceArn): Sample => ({
    source: 'dynamodb.amazonaws.com',
    name: 'PutResourcePolicy',
    request: { resourceArn, policy: '{}' },
    response: { revisionId: '1730448000000' },
    expected: [{ type: 'dynamodb_table', id: 'orders', delay: 30 }],
  })),
];
