import { expect } from 'chai';
import { runBuiltCli } from '../helpers/cli';

// Without credentials in the environment, the command judges offline (no AWS call).
const offline = { PATH: process.env.PATH, HOME: '/nonexistent' };
const checkPolicy = (args: string[], input: string) =>
  runBuiltCli(['check-policy', ...args], { input, env: offline });

const ACCOUNT = '111122223333';
const bucketPolicy = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });
const publicRead = {
  Sid: 'PublicRead',
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::example-bucket/*',
};
const accessPoints = {
  Sid: 'DelegateToAccessPoints',
  Effect: 'Allow',
  Principal: { AWS: '*' },
  Action: '*',
  Resource: ['arn:aws:s3:::example-bucket', 'arn:aws:s3:::example-bucket/*'],
  Condition: { StringEquals: { 's3:DataAccessPointAccount': ACCOUNT } },
};

describe('cli: check-policy', () => {
  it('prints the verdict of each statement and exits 3 when the policy is public', async () => {
    const result = await checkPolicy(
      ['--type', 's3_bucket', '--account', ACCOUNT],
      bucketPolicy(accessPoints, publicRead),
    );
    expect(result.code).to.equal(3);
    expect(JSON.parse(result.stdout)).to.deep.equal({
      public: true,
      statements: [
        {
          index: 0,
          sid: 'DelegateToAccessPoints',
          effect: 'Allow',
          public: false,
          reasons: [
            `StringEquals s3:DataAccessPointAccount "${ACCOUNT}" pins the caller: a stranger cannot have a value that passes`,
          ],
        },
        {
          index: 1,
          sid: 'PublicRead',
          effect: 'Allow',
          public: true,
          reasons: ['Principal "*" lets in anyone, even without credentials', 'no condition pins the caller'],
        },
      ],
      type: 's3_bucket',
      account: ACCOUNT,
    });
    expect(result.stderr).to.equal('');
  });

  it('exits 0 for a policy that is not public, and lists grants to unknown accounts', async () => {
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::444455556666:root' },
          Action: 'sts:AssumeRole',
        },
      ],
    };
    const result = await checkPolicy(
      ['--type', 'iam_role', '--account', ACCOUNT, '--known-accounts', '777788889999'],
      JSON.stringify(trust),
    );
    expect(result.code).to.equal(0);
    const output = JSON.parse(result.stdout);
    expect(output.public).to.equal(false);
    expect(output.statements[0].external).to.deep.equal(['444455556666']);
  });

  it('takes organization ids as given: a Deny for everyone outside them keeps an Allow * private', async () => {
    const policy = bucketPolicy(publicRead, {
      Sid: 'OrgOnly',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::example-bucket', 'arn:aws:s3:::example-bucket/*'],
      Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    });
    const result = await checkPolicy(
      ['--type', 's3_bucket', '--account', ACCOUNT, '--organization-ids', 'o-a1b2c3d4e5'],
      policy,
    );
    expect(result.code).to.equal(0);
    expect(JSON.parse(result.stdout).statements[0].reasons).to.deep.equal([
      'Deny "OrgOnly" stops anyone, even without credentials, whatever they choose',
      'Deny "OrgOnly" stops a principal of any AWS account, whatever they choose',
    ]);
  });

  it('judges as account 123456789012 without --account or credentials, and says so on stderr', async () => {
    const result = await checkPolicy(['--type', 'sqs'], bucketPolicy(publicRead));
    expect(result.code).to.equal(3);
    expect(JSON.parse(result.stdout).account).to.equal('123456789012');
    expect(result.stderr).to.equal(
      'check-policy: judging as a policy of account 123456789012 (no --account, no AWS credentials)\n',
    );
  });

  for (const [name, input, message] of [
    ['not JSON', 'Statement: *', 'the input is not a policy document: not JSON'],
    ['empty', '', 'the input is not a policy document: stdin is empty'],
    ['a JSON list', '[]', 'the input is not a policy document: it is not a JSON object'],
    [
      'without Statement',
      '{"Version":"2012-10-17"}',
      'the input is not a policy document: it has no "Statement"',
    ],
    [
      'a statement without a principal',
      bucketPolicy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
      'the input is not a policy document: statement 1 has no Principal or NotPrincipal',
    ],
    [
      'a bad Effect',
      bucketPolicy({ ...publicRead, Effect: 'allow' }),
      'the input is not a policy document: statement 1 has Effect "allow"; it must be "Allow" or "Deny"',
    ],
  ] as const) {
    it(`exits 2 with one line on stderr for input that is ${name}`, async () => {
      const result = await checkPolicy(['--type', 's3_bucket', '--account', ACCOUNT], input);
      expect(result.code).to.equal(2);
      expect(result.stdout).to.equal('');
      expect(result.stderr.startsWith(`aws-remediation: ${message}`)).to.equal(true, result.stderr);
      expect(result.stderr.trim().split('\n')).to.have.length(1);
      expect(result.stderr).to.not.match(/\n\s+at /);
    });
  }

  it('exits 2 for a type without a policy, naming the types it judges', async () => {
    const result = await checkPolicy(['--type', 'ec2'], bucketPolicy(publicRead));
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal(
      "aws-remediation: --type ec2 has no policy document to check; use one of: iam_role (a role trust policy), s3_bucket (a bucket policy), sqs (a queue policy), kms_key (a key policy), lambda_function (a function's resource-based policy), sns_topic (a topic policy), secretsmanager_secret (a secret's resource policy), ecr_repository (a repository policy), efs_file_system (a file system policy), dynamodb_table (a table's or stream's resource policy), lambda_layer (a layer version's policy), opensearch_domain (a domain's access policy)\n",
    );
  });

  it('exits 2 for a bad account id, organization id, or a missing --type', async () => {
    const badAccount = await checkPolicy(['--type', 'sqs', '--account', '12345'], bucketPolicy(publicRead));
    expect([badAccount.code, badAccount.stderr]).to.deep.equal([
      2,
      'aws-remediation: 12345 is not a 12-digit AWS account id, like 123456789012\n',
    ]);
    const badOrg = await checkPolicy(
      ['--type', 'sqs', '--organization-ids', 'org-1'],
      bucketPolicy(publicRead),
    );
    expect(badOrg.code).to.equal(2);
    const noType = await checkPolicy([], bucketPolicy(publicRead));
    expect(noType.code).to.equal(2);
    expect(noType.stderr).to.match(/^error: required option '--type <type>' not specified/);
  });
});

describe('cli: usage errors', () => {
  for (const args of [['--bogus'], ['no-such-command'], ['remediate', '--concurrency', '0']]) {
    it(`exits 2 for ${args.join(' ')}`, async () => {
      const result = await runBuiltCli(args, { env: offline });
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(/^error: /);
    });
  }
});
