import { expect } from 'chai';
import { Remediator } from '../../../../src/runtime/remediator/remediator';
import { awsError, FakeAws, watched } from '../../../helpers/aws';
import {
  ACCOUNT,
  accountStatement,
  audit,
  KNOWN,
  NOW,
  policy,
  publicStatement,
  resource,
  settingsWith,
  STRANGER,
} from '../../../helpers/resources';
import { dynamodbWorld, knownReader, STREAM_ARN, TABLE_ARN, TABLE_NAME } from './fixtures';

const table = resource('dynamodb_table', TABLE_NAME);
const text = (p: object) => JSON.stringify(p);
const open = publicStatement('Open', ['dynamodb:GetItem', 'dynamodb:Query'], TABLE_ARN);
const openStream = publicStatement('OpenStream', 'dynamodb:GetRecords', STREAM_ARN);
const streamReader = accountStatement('KnownReadsStream', 'dynamodb:GetRecords', KNOWN, STREAM_ARN);
const strangerReads = accountStatement('StrangerReads', 'dynamodb:GetItem', STRANGER, TABLE_ARN);
const bothChecks = { 'dynamodb_table.public': true, 'dynamodb_table.shared_unknown_account': true };

describe('auditor: dynamodb_table', () => {
  it('passes a table without policies, or whose policies name known accounts, reading only what it must', async () => {
    for (const options of [
      {},
      { table: policy(knownReader) },
      { table: policy(knownReader), stream: null },
    ]) {
      const { findings, aws } = await audit(dynamodbWorld(options), table);
      expect(findings).to.deep.equal([]);
      expect(aws.inputs('DynamoDB.DescribeTable')).to.deep.equal([{ TableName: TABLE_NAME }]);
      expect(aws.inputs('DynamoDB.GetResourcePolicy')).to.deep.equal([
        { ResourceArn: TABLE_ARN },
        ...('stream' in options ? [{ ResourceArn: STREAM_ARN }] : []),
      ]);
      expect(aws.inputs('DynamoDB.ListTagsOfResource')).to.deep.equal([{ ResourceArn: TABLE_ARN }]);
    }
  });

  it('reports a public statement of the table policy, naming it, as a dry run', async () => {
    const { findings, aws } = await audit(dynamodbWorld({ table: policy(knownReader, open) }), table);
    expect(findings).to.have.length(1);
    expect(findings[0]).to.deep.include({
      check: 'dynamodb_table.public',
      severity: 'high',
      resource: table,
    });
    expect(findings[0]!.message).to.equal(
      'Table policy statement "Open" is public: Principal "*" lets in anyone, even without credentials; no condition pins the caller.',
    );
    expect(findings[0]!.remediation).to.deep.equal({
      action: 'remove 1 public policy statement, keep the other 1 statement',
      status: 'dry_run',
    });
    expect(aws.writes()).to.deep.equal([]);
  });

  it('narrows the table policy on the revision it read, keeps the rest, and records both states', async () => {
    const mixed = {
      Sid: 'Mixed',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${KNOWN}:root`, '*'] },
      Action: 'dynamodb:GetItem',
      Resource: TABLE_ARN,
    };
    const original = policy(knownReader, mixed);
    const left = policy(knownReader, { ...mixed, Principal: { AWS: `arn:aws:iam::${KNOWN}:root` } });
    const { findings, aws } = await audit(dynamodbWorld({ table: original }), table, {
      remediate: { dynamodb_table: true },
    });
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      ['PutResourcePolicy', { ResourceArn: TABLE_ARN, Policy: text(left), ExpectedRevisionId: 'rev-1' }],
    ]);
    expect(findings[0]!.remediation).to.deep.equal({
      action:
        'take the public principals out of 1 statement (its named principals stay), keep the other 1 statement',
      status: 'applied',
    });
    expect(findings[0]!.before).to.deep.equal({ table: { ResourceArn: TABLE_ARN, Policy: text(original) } });
    expect(findings[0]!.after).to.deep.equal({ table: { ResourceArn: TABLE_ARN, Policy: text(left) } });
  });

  it('deletes the policy, on the revision it read, when every statement was public', async () => {
    const { findings, aws } = await audit(dynamodbWorld({ table: policy(open) }), table, { remediate: true });
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      ['DeleteResourcePolicy', { ResourceArn: TABLE_ARN, ExpectedRevisionId: 'rev-1' }],
    ]);
    expect(findings[0]!.after).to.deep.equal({ table: { ResourceArn: TABLE_ARN, Policy: '' } });
  });

  it("judges the stream's policy too: one finding naming both policies, a fix that narrows each", async () => {
    const tablePolicy = policy(knownReader, open);
    const streamPolicy = policy(streamReader, openStream);
    const { findings, aws } = await audit(
      dynamodbWorld({ table: tablePolicy, stream: streamPolicy }),
      table,
      { remediate: true },
    );
    expect(findings).to.have.length(1);
    expect(findings[0]!.message).to.equal(
      'Table policy statement "Open" is public: Principal "*" lets in anyone, even without credentials; no condition pins the caller. Stream policy statement "OpenStream" is public: Principal "*" lets in anyone, even without credentials; no condition pins the caller.',
    );
    expect(findings[0]!.remediation).to.deep.equal({
      action:
        'table policy: remove 1 public policy statement, keep the other 1 statement; stream policy: remove 1 public policy statement, keep the other 1 statement',
      status: 'applied',
    });
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      [
        'PutResourcePolicy',
        { ResourceArn: TABLE_ARN, Policy: text(policy(knownReader)), ExpectedRevisionId: 'rev-1' },
      ],
      [
        'PutResourcePolicy',
        { ResourceArn: STREAM_ARN, Policy: text(policy(streamReader)), ExpectedRevisionId: 'rev-2' },
      ],
    ]);
    expect(findings[0]!.before).to.deep.equal({
      table: { ResourceArn: TABLE_ARN, Policy: text(tablePolicy) },
      stream: { ResourceArn: STREAM_ARN, Policy: text(streamPolicy) },
    });
    expect(findings[0]!.after).to.deep.equal({
      table: { ResourceArn: TABLE_ARN, Policy: text(policy(knownReader)) },
      stream: { ResourceArn: STREAM_ARN, Policy: text(policy(streamReader)) },
    });
  });

  it('fixes a public stream policy alone, leaving the table policy as it is', async () => {
    const { findings, aws } = await audit(
      dynamodbWorld({ table: policy(knownReader), stream: policy(openStream) }),
      table,
      { remediate: true },
    );
    expect(findings[0]!.message).to.match(/^Stream policy statement "OpenStream" is public/);
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      ['DeleteResourcePolicy', { ResourceArn: STREAM_ARN, ExpectedRevisionId: 'rev-2' }],
    ]);
    expect(findings[0]!.before).to.deep.equal({
      stream: { ResourceArn: STREAM_ARN, Policy: text(policy(openStream)) },
    });
  });

  it("keeps the table's before in a failed finding when the stream's write fails after it", async () => {
    const world = dynamodbWorld({ table: policy(knownReader, open), stream: policy(openStream) });
    world['DynamoDB.DeleteResourcePolicy'] = () => {
      throw awsError(
        'AccessDeniedException',
        'not authorized to perform: dynamodb:DeleteResourcePolicy',
        400,
      );
    };
    const { findings } = await audit(world, table, { remediate: true });
    expect(findings[0]!.remediation).to.deep.include({
      status: 'failed',
      reason: 'AccessDeniedException: not authorized to perform: dynamodb:DeleteResourcePolicy',
    });
    expect(findings[0]!.before).to.deep.equal({
      table: { ResourceArn: TABLE_ARN, Policy: text(policy(knownReader, open)) },
    });
  });

  it('does not write over a policy changed since the audit read it', async () => {
    const world = dynamodbWorld({ table: policy(open) });
    const read = world['DynamoDB.GetResourcePolicy'] as (input: object) => unknown;
    let reads = 0;
    world['DynamoDB.GetResourcePolicy'] = (input: object) =>
      (reads += 1) === 1 ? read(input) : { Policy: text(policy(knownReader)), RevisionId: 'rev-9' };
    const settings = settingsWith({ remediate: true });
    const aws = new FakeAws(world);
    watched.push({ aws, settings });
    let caught: unknown;
    await new Remediator({ settings, clients: aws, now: () => NOW })
      .audit(table)
      .catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'ConcurrentChangeError');
    expect(aws.writes()).to.deep.equal([]);
  });

  it('fails as a concurrent change when DynamoDB refuses the revision (a change after the re-read)', async () => {
    const world = dynamodbWorld({ table: policy(open, knownReader) });
    world['DynamoDB.PutResourcePolicy'] = () => {
      throw awsError(
        'PolicyNotFoundException',
        'Resource-based policy not found for the provided ResourceArn',
      );
    };
    let caught: unknown;
    await audit(world, table, { remediate: true }).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'ConcurrentChangeError');
  });

  it('takes a read that has not caught up with its own write for what it wrote (GetResourcePolicy is eventually consistent)', async () => {
    const original = policy(open, knownReader, strangerReads);
    const { findings, aws } = await audit(dynamodbWorld({ table: original, stale: true }), table, {
      remediate: bothChecks,
    });
    expect(findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
      ['dynamodb_table.public', 'applied'],
      ['dynamodb_table.shared_unknown_account', 'applied'],
    ]);
    expect(aws.inputs('DynamoDB.PutResourcePolicy')).to.deep.equal([
      {
        ResourceArn: TABLE_ARN,
        Policy: text(policy(knownReader, strangerReads)),
        ExpectedRevisionId: 'rev-1',
      },
      // The re-read answered rev-1 (the policy the first write replaced): the write names rev-2.
      { ResourceArn: TABLE_ARN, Policy: text(policy(knownReader)), ExpectedRevisionId: 'rev-2' },
    ]);
    expect(findings[1]!.before).to.deep.equal({
      table: { ResourceArn: TABLE_ARN, Policy: text(policy(knownReader, strangerReads)) },
    });
  });

  it('asks IAM Access Analyzer about each policy as what it is: a table, a stream', async () => {
    const world = {
      ...dynamodbWorld({ table: policy(open, knownReader), stream: policy(openStream, streamReader) }),
      'AccessAnalyzer.CheckNoPublicAccess': (input: { policyDocument: string }) => ({
        result: input.policyDocument.includes('"Principal":"*"') ? 'FAIL' : 'PASS',
      }),
    };
    const { aws } = await audit(world, table, { remediate: true, confirmWithAccessAnalyzer: true });
    expect(aws.inputs('AccessAnalyzer.CheckNoPublicAccess').map((i) => i.resourceType)).to.deep.equal([
      'AWS::DynamoDB::Table',
      'AWS::DynamoDB::Table',
      'AWS::DynamoDB::Stream',
      'AWS::DynamoDB::Stream',
    ]);
    expect(aws.writes()).to.have.length(2);
  });

  it('honours the exception tag: reported as excepted, not changed', async () => {
    const { findings, aws } = await audit(
      dynamodbWorld({ table: policy(open), tags: { 'remediation-exempt': 'yes' } }),
      table,
      { remediate: true, exceptions: { tag: { key: 'remediation-exempt', value: 'yes' } } },
    );
    expect(findings[0]!.remediation).to.deep.include({ status: 'excepted' });
    expect(aws.writes()).to.deep.equal([]);
  });

  it("yields nothing for a table that no longer exists, or that is not the account's own", async () => {
    expect((await audit(dynamodbWorld({ exists: false }), table)).findings).to.deep.equal([]);
    const world = dynamodbWorld({ table: policy(open) });
    world['DynamoDB.DescribeTable'] = {
      Table: { TableName: TABLE_NAME, TableArn: TABLE_ARN.replace(ACCOUNT, STRANGER) },
    };
    const { findings, aws } = await audit(world, table);
    expect(findings).to.deep.equal([]);
    expect(aws.calls('DynamoDB.GetResourcePolicy')).to.deep.equal([]);
  });

  it('audits the table when its stream is gone (no stream policy to read)', async () => {
    const world = dynamodbWorld({ table: policy(open), stream: null });
    const read = world['DynamoDB.GetResourcePolicy'] as (input: { ResourceArn: string }) => unknown;
    world['DynamoDB.GetResourcePolicy'] = (input: { ResourceArn: string }) => {
      if (input.ResourceArn === STREAM_ARN)
        throw awsError('ResourceNotFoundException', 'Requested resource not found');
      return read(input);
    };
    const { findings } = await audit(world, table);
    expect(findings.map((f) => f.check)).to.deep.equal(['dynamodb_table.public']);
  });

  it('lets other errors through, so the record is retried', async () => {
    const world = dynamodbWorld();
    world['DynamoDB.ListTagsOfResource'] = () => {
      throw awsError('AccessDeniedException', 'denied', 400);
    };
    let caught: unknown;
    await audit(world, table).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'AccessDeniedException');
  });

  it('reads every page of tags', async () => {
    const world = dynamodbWorld({ table: policy(open) });
    world['DynamoDB.ListTagsOfResource'] = (input: { NextToken?: string }) =>
      input.NextToken
        ? { Tags: [{ Key: 'remediation-exempt', Value: 'yes' }] }
        : { Tags: [{ Key: 'team', Value: 'orders' }], NextToken: 'page-2' };
    const { findings, aws } = await audit(world, table, {
      remediate: true,
      exceptions: { tag: { key: 'remediation-exempt', value: 'yes' } },
    });
    expect(aws.inputs('DynamoDB.ListTagsOfResource')).to.deep.equal([
      { ResourceArn: TABLE_ARN },
      { ResourceArn: TABLE_ARN, NextToken: 'page-2' },
    ]);
    expect(findings[0]!.remediation.status).to.equal('excepted');
  });

  describe('dynamodb_table.shared_unknown_account', () => {
    const partners = {
      Sid: 'Partners',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${KNOWN}:root`, `arn:aws:iam::${STRANGER}:role/reader`] },
      Action: 'dynamodb:GetItem',
      Resource: TABLE_ARN,
    };

    it('reports a grant to an account that is neither watched nor named, and leaves it with remediate: true', async () => {
      const { findings, aws } = await audit(dynamodbWorld({ table: policy(partners) }), table, {
        remediate: true,
      });
      expect(findings).to.have.length(1);
      expect(findings[0]).to.deep.include({
        check: 'dynamodb_table.shared_unknown_account',
        severity: 'high',
      });
      expect(findings[0]!.message).to.equal(
        `Table policy grants an account outside the known accounts and organizations: statement "Partners" grants account ${STRANGER}.`,
      );
      expect(findings[0]!.remediation.status).to.equal('dry_run');
      expect(aws.writes()).to.deep.equal([]);
    });

    it('passes the same grant once settings name the account', async () => {
      const { findings } = await audit(dynamodbWorld({ table: policy(partners) }), table, {
        accounts: [ACCOUNT, KNOWN, STRANGER],
      });
      expect(findings).to.deep.equal([]);
    });

    it('takes only the unknown principal out of each policy when the check is named, keeping the rest', async () => {
      const streamPartners = { ...partners, Sid: 'StreamPartners', Resource: STREAM_ARN };
      const { findings, aws } = await audit(
        dynamodbWorld({ table: policy(knownReader, partners), stream: policy(streamPartners) }),
        table,
        { remediate: { 'dynamodb_table.shared_unknown_account': true } },
      );
      const only = { AWS: `arn:aws:iam::${KNOWN}:root` };
      expect(findings[0]!.message).to.equal(
        `Table policy grants an account outside the known accounts and organizations: statement "Partners" grants account ${STRANGER}. Stream policy grants an account outside the known accounts and organizations: statement "StreamPartners" grants account ${STRANGER}.`,
      );
      expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
        [
          'PutResourcePolicy',
          {
            ResourceArn: TABLE_ARN,
            Policy: text(policy(knownReader, { ...partners, Principal: only })),
            ExpectedRevisionId: 'rev-1',
          },
        ],
        [
          'PutResourcePolicy',
          {
            ResourceArn: STREAM_ARN,
            Policy: text(policy({ ...streamPartners, Principal: only })),
            ExpectedRevisionId: 'rev-2',
          },
        ],
      ]);
      expect(findings[0]!.remediation).to.deep.equal({
        status: 'applied',
        action: `table policy: take account ${STRANGER} out of 1 statement (the others it names stay), keep the other 1 statement; stream policy: take account ${STRANGER} out of 1 statement (the others it names stay)`,
      });
      expect(findings[0]!.before).to.deep.equal({
        table: { ResourceArn: TABLE_ARN, Policy: text(policy(knownReader, partners)) },
        stream: { ResourceArn: STREAM_ARN, Policy: text(policy(streamPartners)) },
      });
    });

    it('runs after the public fix, on what it left', async () => {
      const { findings, aws } = await audit(dynamodbWorld({ table: policy(open, partners) }), table, {
        remediate: bothChecks,
      });
      expect(findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
        ['dynamodb_table.public', 'applied'],
        ['dynamodb_table.shared_unknown_account', 'applied'],
      ]);
      const writes = aws
        .inputs('DynamoDB.PutResourcePolicy')
        .map((i) => [JSON.parse(i.Policy), i.ExpectedRevisionId]);
      expect(writes).to.deep.equal([
        [policy(partners), 'rev-1'],
        [policy({ ...partners, Principal: { AWS: `arn:aws:iam::${KNOWN}:root` } }), 'rev-2'],
      ]);
      expect(findings[1]!.before).to.deep.equal({
        table: { ResourceArn: TABLE_ARN, Policy: text(policy(partners)) },
      });
    });
  });
});
