import { expect } from 'chai';
import { audit, resource } from '../../../helpers/resources';
import { regionWorld } from './fixtures';

describe('auditor: region', () => {
  const region = resource('region', '');

  it('passes a region with GuardDuty, Config, a multi-region trail and flow logs; and the account checks', async () => {
    expect((await audit(regionWorld(), region)).findings).to.deep.equal([]);
  });

  it('runs the account checks (root MFA, password policy) only in the first configured region', async () => {
    const world = () => regionWorld({ rootMfa: false, passwordLength: 0 });
    const first = await audit(world(), region, { regions: ['eu-west-1', 'us-east-1'] });
    expect(first.findings.map((f) => f.check)).to.deep.equal(['region.root_mfa', 'region.password_policy']);
    const second = await audit(world(), resource('region', '', { region: 'us-east-1' }), {
      regions: ['eu-west-1', 'us-east-1'],
    });
    expect(second.findings).to.deep.equal([]);
    expect(second.aws.calls().some((c) => c.service === 'IAM')).to.equal(false);
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
