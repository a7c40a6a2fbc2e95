// Creates deliberately insecure resources in a SANDBOX account, to try the remediation pipeline on
// (`aws-remediation poll --only-test-resources`, or POLL_ONLY_TEST_RESOURCES on the master). Every
// name carries "misconfiguration-maker" and every resource the Name tag misconfiguration_maker, so
// the poller's test mode finds them and nothing else. Destroy the stack when done.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

const account = aws.getCallerIdentityOutput().accountId;
const tags = { Name: 'misconfiguration_maker' };
const prefix = 'misconfiguration-maker';

// sqs.public: anyone may send and receive.
const queue = new aws.sqs.Queue(`${prefix}-queue`, { namePrefix: `${prefix}-`, tags });
new aws.sqs.QueuePolicy(`${prefix}-queue-policy`, {
  queueUrl: queue.url,
  policy: pulumi.jsonStringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: queue.arn }],
  }),
});

// s3_bucket.public, no_tls_enforcement, no_encryption_enforcement, missing_tags.
const bucket = new aws.s3.Bucket(`${prefix}-bucket`, {
  bucketPrefix: `${prefix}-`,
  forceDestroy: true,
  tags,
});
const unblocked = new aws.s3.BucketPublicAccessBlock(`${prefix}-bucket-pab`, {
  bucket: bucket.id,
  blockPublicAcls: false,
  blockPublicPolicy: false,
  ignorePublicAcls: false,
  restrictPublicBuckets: false,
});
new aws.s3.BucketPolicy(
  `${prefix}-bucket-policy`,
  {
    bucket: bucket.id,
    policy: pulumi.jsonStringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'PublicRead',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: pulumi.interpolate`${bucket.arn}/*`,
        },
      ],
    }),
  },
  { dependsOn: [unblocked] },
);

// iam_role.public_trust: any AWS principal may assume it (it has no permissions).
new aws.iam.Role(`${prefix}-role`, {
  namePrefix: `${prefix}-`,
  assumeRolePolicy: JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Sid: 'Anyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
  }),
  tags,
});

// kms_key.public_policy: anyone may decrypt with it.
new aws.kms.Key(`${prefix}-key`, {
  description: `${prefix}: a key anyone may use`,
  deletionWindowInDays: 7,
  policy: pulumi.jsonStringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Admin',
        Effect: 'Allow',
        Principal: { AWS: pulumi.interpolate`arn:aws:iam::${account}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      { Sid: 'Everyone', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' },
    ],
  }),
  tags,
});

// lambda_function.public: anyone may invoke it.
const fnRole = new aws.iam.Role(`${prefix}-function-role`, {
  namePrefix: `${prefix}-fn-`,
  assumeRolePolicy: JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  }),
  tags,
});
const fn = new aws.lambda.Function(`${prefix}-function`, {
  name: pulumi.interpolate`${prefix}-${account}`,
  runtime: 'nodejs22.x',
  handler: 'index.handler',
  role: fnRole.arn,
  code: new pulumi.asset.AssetArchive({
    'index.js': new pulumi.asset.StringAsset('exports.handler = async () => ({ statusCode: 200 });'),
  }),
  tags,
});
new aws.lambda.Permission(`${prefix}-function-public`, {
  action: 'lambda:InvokeFunction',
  function: fn.name,
  principal: '*',
});

// security_group.public_ingress: SSH from anywhere, IPv4 and IPv6.
new aws.ec2.SecurityGroup(`${prefix}-sg`, {
  namePrefix: `${prefix}-`,
  description: 'misconfiguration maker: SSH open to the world',
  ingress: [
    { protocol: 'tcp', fromPort: 22, toPort: 22, cidrBlocks: ['0.0.0.0/0'], ipv6CidrBlocks: ['::/0'] },
  ],
  tags,
});

export const queueUrl = queue.url;
export const bucketName = bucket.id;
