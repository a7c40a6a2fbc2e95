import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { expect } from 'chai';
import { findingId, type Finding } from '../../../src/runtime/findings/finding';
import { ASFF_DESCRIPTION_MAX, asffFinding, productArn } from '../../../src/runtime/securityhub/asff';
import { importBatches, SECURITY_HUB_BATCH_SIZE } from '../../../src/runtime/securityhub/export';
import { manifestOf } from '../../../src/runtime/types';
import { MANIFESTS } from '../../../src/runtime/types';
import { ACCOUNT, NOW, REGION, resource } from '../../helpers/resources';
import { QUEUE_URL } from '../types/sqs/fixtures';

const sqs = manifestOf('sqs')!;
const sqsPublic = sqs.checks[0]!;
const queue = resource('sqs', QUEUE_URL);

function failing(overrides: Partial<Finding> = {}): Finding {
  return {
    id: findingId('sqs.public', queue),
    check: 'sqs.public',
    severity: 'high',
    resource: queue,
    message: 'queue policy statement "Open" lets anyone (Principal "*") call sqs:*',
    remediation: { action: 'remove the public statements', status: 'dry_run' },
    observedAt: NOW.toISOString(),
    trigger: 'poll',
    ...overrides,
  };
}

/** The fields BatchImportFindings requires of every finding. */
const REQUIRED = [
  'SchemaVersion',
  'Id',
  'ProductArn',
  'GeneratorId',
  'AwsAccountId',
  'CreatedAt',
  'UpdatedAt',
  'Title',
  'Description',
  'Resources',
] as const;

describe('securityhub: ASFF findings', () => {
  it('writes a failing SQS finding with every required field, exactly', () => {
    const asff = asffFinding({
      check: sqsPublic,
      resource: queue,
      hubResource: sqs.securityHub,
      finding: failing(),
      at: NOW,
    });
    expect(asff).to.deep.equal({
      SchemaVersion: '2018-10-08',
      Id: findingId('sqs.public', queue),
      ProductArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`,
      GeneratorId: 'aws-remediation/sqs.public',
      AwsAccountId: ACCOUNT,
      Types: ['Software and Configuration Checks/AWS Security Best Practices'],
      CreatedAt: '2026-11-22T12:00:00.000Z',
      UpdatedAt: '2026-11-22T12:00:00.000Z',
      Severity: { Label: 'HIGH' },
      FindingProviderFields: {
        Severity: { Label: 'HIGH' },
        Types: ['Software and Configuration Checks/AWS Security Best Practices'],
      },
      Title: 'SQS queue policy allows anyone',
      Description: 'queue policy statement "Open" lets anyone (Principal "*") call sqs:*',
      Remediation: { Recommendation: { Text: 'remove the public statements (remediation: dry_run)' } },
      ProductFields: {
        'aws-remediation/check': 'sqs.public',
        'aws-remediation/type': 'sqs',
        'aws-remediation/status': 'dry_run',
      },
      Resources: [
        {
          Type: 'AwsSqsQueue',
          Id: `arn:aws:sqs:${REGION}:${ACCOUNT}:orders`,
          Partition: 'aws',
          Region: REGION,
        },
      ],
      Compliance: { Status: 'FAILED' },
      RecordState: 'ACTIVE',
    });
    for (const field of REQUIRED) expect(asff[field], field).to.not.equal(undefined);
  });

  it('names the mapped requirements in Compliance.RelatedRequirements', () => {
    const ec2 = manifestOf('ec2')!;
    const asff = asffFinding({
      check: ec2.checks.find((c) => c.id === 'ec2.imdsv1_allowed')!,
      resource: resource('ec2', 'i-0123456789abcdef0'),
      hubResource: ec2.securityHub,
      at: NOW,
    });
    expect(asff.Compliance).to.deep.equal({
      Status: 'PASSED',
      RelatedRequirements: [
        'AWS Foundational Security Best Practices v1.0.0/EC2.8',
        'CIS AWS Foundations Benchmark v3.0.0/5.6',
      ],
    });
    expect(asff.Resources).to.deep.equal([
      {
        Type: 'AwsEc2Instance',
        Id: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`,
        Partition: 'aws',
        Region: REGION,
      },
    ]);
  });

  it('marks a passing check PASSED and ARCHIVED, with the same Id a failing one has', () => {
    const passed = asffFinding({ check: sqsPublic, resource: queue, hubResource: sqs.securityHub, at: NOW });
    expect(passed.Id).to.equal(findingId('sqs.public', queue));
    expect(passed.Compliance?.Status).to.equal('PASSED');
    expect(passed.RecordState).to.equal('ARCHIVED');
    for (const field of REQUIRED) expect(passed[field], field).to.not.equal(undefined);
  });

  it('marks a resolved finding PASSED and ARCHIVED, saying what it was', () => {
    const resolved = asffFinding({
      check: sqsPublic,
      resource: queue,
      hubResource: sqs.securityHub,
      resolved: { message: 'it was public' },
      at: NOW,
    });
    expect(resolved.Compliance?.Status).to.equal('PASSED');
    expect(resolved.RecordState).to.equal('ARCHIVED');
    expect(resolved.Description).to.match(/^Resolved: sqs\.public passes now.*It was: it was public$/);
  });

  it('cuts a description longer than Security Hub takes to 1024 characters', () => {
    const asff = asffFinding({
      check: sqsPublic,
      resource: queue,
      hubResource: sqs.securityHub,
      finding: failing({ message: 'x'.repeat(5000) }),
      at: NOW,
    });
    expect(asff.Description).to.have.length(ASFF_DESCRIPTION_MAX);
    expect(asff.Description!.endsWith('...')).to.equal(true);
  });

  it('takes the partition from the region', () => {
    expect(productArn('123456789012', 'cn-north-1')).to.equal(
      'arn:aws-cn:securityhub:cn-north-1:123456789012:product/123456789012/default',
    );
    expect(productArn('123456789012', 'us-gov-west-1')).to.match(
      /^arn:aws-us-gov:securityhub:us-gov-west-1:/,
    );
    const gov = asffFinding({
      check: sqsPublic,
      resource: resource('sqs', 'https://sqs.us-gov-west-1.amazonaws.com/111111111111/q', {
        region: 'us-gov-west-1',
      }),
      hubResource: sqs.securityHub,
      at: NOW,
    });
    expect(gov.Resources![0]).to.deep.include({
      Partition: 'aws-us-gov',
      Id: 'arn:aws-us-gov:sqs:us-gov-west-1:111111111111:q',
    });
  });

  it('has a resource type and an ARN for every type', () => {
    for (const m of MANIFESTS) {
      const r = resource(m.type, m.type === 'region' ? '' : 'some-id');
      const asff = asffFinding({ check: m.checks[0]!, resource: r, hubResource: m.securityHub, at: NOW });
      const [res] = asff.Resources!;
      expect(res!.Type, m.type).to.match(/^(Aws[A-Za-z0-9]+|Other)$/);
      expect(res!.Id, m.type).to.match(
        m.type === 'region' ? /^AWS::::Account:\d{12}$/ : /^(arn:aws:|some-id$)/,
      );
    }
  });
});

describe('securityhub: import batches', () => {
  const of = (account: string, region: string, n: number): AwsSecurityFinding[] =>
    Array.from({ length: n }, (_, i) => ({
      Id: `${account}-${region}-${i}`,
      AwsAccountId: account,
      ProductArn: productArn(account, region),
      Resources: [{ Type: 'Other', Id: `r-${i}`, Region: region }],
    })) as AwsSecurityFinding[];

  it('splits more than 100 findings into calls of at most 100', () => {
    const batches = importBatches(of(ACCOUNT, REGION, 250));
    expect(SECURITY_HUB_BATCH_SIZE).to.equal(100);
    expect(batches.map((b) => b.findings.length)).to.deep.equal([100, 100, 50]);
    expect(batches.flatMap((b) => b.findings.map((f) => f.Id))).to.deep.equal(
      of(ACCOUNT, REGION, 250).map((f) => f.Id),
    );
  });

  it('never mixes accounts or regions in one call', () => {
    const findings = [
      ...of('111111111111', 'eu-west-1', 3),
      ...of('222222222222', 'eu-west-1', 2),
      ...of('111111111111', 'us-east-1', 101),
    ];
    const batches = importBatches(findings);
    expect(batches.map((b) => [b.account, b.region, b.findings.length])).to.deep.equal([
      ['111111111111', 'eu-west-1', 3],
      ['222222222222', 'eu-west-1', 2],
      ['111111111111', 'us-east-1', 100],
      ['111111111111', 'us-east-1', 1],
    ]);
    for (const b of batches) {
      for (const f of b.findings) {
        expect(f.AwsAccountId).to.equal(b.account);
        expect(f.Resources![0]!.Region).to.equal(b.region);
      }
    }
  });
});
