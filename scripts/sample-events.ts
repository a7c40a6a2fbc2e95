// Writes examples/events/cloudtrail-events.jsonl: a few CloudTrail events as EventBridge delivers them,
// for trying `aws-remediation translate` without an AWS account. Run: npx tsx scripts/sample-events.ts
import { writeFileSync } from 'node:fs';
import { apiCall } from '../test/helpers/events';

const account = '111111111111';
const region = 'eu-west-1';
const events = [
  apiCall({
    source: 's3.amazonaws.com',
    name: 'PutBucketPolicy',
    request: {
      bucketName: 'reports-misconfig-maker',
      bucketPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::reports-misconfig-maker/*',
          },
        ],
      },
    },
  }),
  apiCall({
    source: 'ec2.amazonaws.com',
    name: 'RunInstances',
    request: { instancesSet: { items: [{ imageId: 'ami-0abcdef1234567890', minCount: 2, maxCount: 2 }] } },
    response: {
      instancesSet: { items: [{ instanceId: 'i-0aaaaaaaaaaaaaaaa' }, { instanceId: 'i-0bbbbbbbbbbbbbbbb' }] },
    },
  }),
  apiCall({
    source: 'rds.amazonaws.com',
    name: 'CreateDBInstance',
    request: {
      dBInstanceIdentifier: 'orders',
      engine: 'postgres',
      storageEncrypted: false,
      publiclyAccessible: true,
    },
    response: { dBInstanceIdentifier: 'orders', dBInstanceStatus: 'creating' },
  }),
  // A call that failed changed nothing: no message.
  apiCall({
    source: 'ec2.amazonaws.com',
    name: 'ModifyInstanceMetadataOptions',
    request: {
      ModifyInstanceMetadataOptionsRequest: { HttpTokens: 'optional', InstanceId: 'i-0aaaaaaaaaaaaaaaa' },
    },
    errorCode: 'Client.UnauthorizedOperation',
  }),
  // The remediator's own fix: no message, so fixes never loop.
  apiCall({
    source: 'sqs.amazonaws.com',
    name: 'SetQueueAttributes',
    request: {
      queueUrl: `https://sqs.${region}.amazonaws.com/${account}/orders`,
      attributes: { Policy: '{}' },
    },
    roleName: 'member_remediator',
  }),
  // Outside the table: ignored and counted.
  apiCall({ source: 'ecs.amazonaws.com', name: 'CreateCluster', request: { clusterName: 'prod' } }),
];
writeFileSync(
  'examples/events/cloudtrail-events.jsonl',
  events.map((e) => JSON.stringify(e)).join('\n') + '\n',
);
