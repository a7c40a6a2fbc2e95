import { expect } from 'chai';
import { awsError } from '../../../helpers/aws';
import { ACCOUNT, audit, resource } from '../../../helpers/resources';
import { regionWorld } from './fixtures';

describe('auditor: region', () => {
  const region = resource('region', '');

  it('passes a region with GuardDuty, Config, a multi-region trail and flow logs; and the account checks', async () => {
    expect((await audit(regionWorld(), region)).findings).to.deep.equal([]);
  });

  it('runs the account checks (root MFA, password policy, S3 Block Public Access) only in the first configured region', async () => {
    const world = () => regionWorld({ rootMfa: false, passwordLength: 0, s3BlockOff: 'none' });
    const first = await audit(world(), region, { regions: ['eu-west-1', 'us-east-1'] });
    expect(first.findings.map((f) => f.check)).to.deep.equal([
      'region.root_mfa',
      'region.password_policy',
      'region.s3_account_public_access_block',
    ]);
    expect(first.aws.inputs('S3 Control.GetPublicAccessBlock')).to.deep.equal([{ AccountId: ACCOUNT }]);
    const second = await audit(world(), resource('region', '', { region: 'us-east-1' }), {
      regions: ['eu-west-1', 'us-east-1'],
    });
    expect(second.findings).to.deep.equal([]);
    expect(second.aws.calls().some((c) => c.service === 'IAM' || c.service === 'S3 Control')).to.equal(false);
  });

  it("requires all four of the account's S3 Block Public Access settings, and says which are off", async () => {
    const message = async (s3BlockOff: string[] | 'none') =>
      (await audit(regionWorld({ s3BlockOff }), region)).findings.map((f) => [
        f.check,
        f.severity,
        f.message,
        f.remediation.status,
      ]);
    expect(await message([])).to.deep.equal([]);
    expect(await message('none')).to.deep.equal([
      [
        'region.s3_account_public_access_block',
        'medium',
        'S3 Block Public Access is not configured for the account. (account 111111111111, eu-west-1)',
        'not_available',
      ],
    ]);
    expect(await message(['IgnorePublicAcls', 'RestrictPublicBuckets'])).to.deep.equal([
      [
        'region.s3_account_public_access_block',
        'medium',
        'S3 Block Public Access of the account has IgnorePublicAcls, RestrictPublicBuckets off. (account 111111111111, eu-west-1)',
        'not_available',
      ],
    ]);
  });

  it('lets an error reading the account Block Public Access through, so the record is retried', async () => {
    const world = regionWorld();
    world['S3 Control.GetPublicAccessBlock'] = () => {
      throw awsError('AccessDenied', 'not authorized to perform: s3:GetAccountPublicAccessBlock', 403);
    };
    let caught: unknown;
    await audit(world, region).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'AccessDenied');
  });

  it('requires the GuardDuty administrator when one is set, and names the VPCs without flow logs', async () => {
    const { findings } = await audit(
      regionWorld({ admin: '555555555555', vpcs: ['vpc-1', 'vpc-2'], flowLogs: ['vpc-1'] }),
      region,
      {
        guardDutyAdminAccount: '444444444444',
      },
    );
    expect(findings.map((f) => [f.check, f.message])).to.deep.equal([
      [
        'region.guardduty_enabled',
        'GuardDuty is on but not connected to the administrator account 444444444444 (555555555555, Enabled). (account 111111111111, eu-west-1)',
      ],
      ['region.vpc_flow_logs', 'VPC without flow logs: vpc-2. (account 111111111111, eu-west-1)'],
    ]);
    expect(findings.every((f) => f.remediation.status === 'not_available')).to.equal(true);
  });

  it('counts a trail of another region only when it is multi-region, and only while it logs', async () => {
    const checks = async (trail: 'other-region' | 'stopped' | 'multi-region') =>
      (await audit(regionWorld({ trail }), region)).findings.map((f) => f.check);
    expect(await checks('multi-region')).to.deep.equal([]);
    expect(await checks('other-region')).to.deep.equal(['region.cloudtrail_enabled']);
    expect(await checks('stopped')).to.deep.equal(['region.cloudtrail_enabled']);
  });

  it("counts the organization's trail, whose status a member cannot read", async () => {
    const { findings, aws } = await audit(regionWorld({ trail: 'organization' }), region);
    expect(findings).to.deep.equal([]);
    expect(aws.calls('CloudTrail.GetTrailStatus')).to.have.length(1);
  });

  it('leaves VPCs shared into the account to their owner, and asks for flow logs of its own VPCs only', async () => {
    const { findings, aws } = await audit(
      regionWorld({ vpcs: ['vpc-1', 'vpc-2'], flowLogs: ['vpc-1', 'vpc-2'] }),
      region,
    );
    expect(findings).to.deep.equal([]);
    expect(aws.inputs('EC2.DescribeFlowLogs')).to.deep.equal([
      { Filter: [{ Name: 'resource-id', Values: ['vpc-1', 'vpc-2'] }] },
    ]);
  });
});
