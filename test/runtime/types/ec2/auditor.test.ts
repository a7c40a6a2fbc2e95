import { expect } from 'chai';
import { ACCOUNT, audit, resource, statuses } from '../../../helpers/resources';
import { ec2World, INSTANCE_ID } from './fixtures';

describe('auditor: ec2', () => {
  const instance = resource('ec2', INSTANCE_ID);

  it('passes an IMDSv2-only, tagged instance; a private instance in a dev account too', async () => {
    const { findings } = await audit(ec2World({ tags: { owner: 'web' } }), instance, {
      requiredTags: ['owner'],
      devAccounts: [ACCOUNT],
    });
    expect(findings).to.deep.equal([]);
  });

  it('requires session tokens, and keeps the old metadata options', async () => {
    const { findings, aws } = await audit(ec2World({ httpTokens: 'optional' }), instance, {
      remediate: true,
      remediateDisruptive: true,
    });
    expect(aws.inputs('EC2.ModifyInstanceMetadataOptions')).to.deep.equal([
      { InstanceId: INSTANCE_ID, HttpTokens: 'required' },
    ]);
    expect(findings[0]!.before).to.deep.equal({ HttpTokens: 'optional', HttpEndpoint: 'enabled' });
  });

  it('stops (never terminates) an untagged instance, once even when two checks ask', async () => {
    const { findings, aws } = await audit(ec2World({ publicIp: '198.51.100.7' }), instance, {
      remediate: true,
      remediateDisruptive: true,
      requiredTags: ['owner'],
      devAccounts: [ACCOUNT],
    });
    expect(statuses(findings)).to.deep.equal({
      'ec2.missing_tags': 'applied',
      'ec2.public_in_dev_account': 'applied',
    });
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      ['StopInstances', { InstanceIds: [INSTANCE_ID] }],
    ]);
  });

  it('disassociates an Elastic IP in a dev account instead of stopping', async () => {
    const { findings, aws } = await audit(ec2World({ publicIp: '198.51.100.7', elasticIp: true }), instance, {
      remediate: true,
      remediateDisruptive: true,
      devAccounts: [ACCOUNT],
    });
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      ['DisassociateAddress', { AssociationId: 'eipassoc-1' }],
    ]);
    expect(findings[0]!.before).to.deep.equal({
      Addresses: [{ PublicIp: '198.51.100.7', AllocationId: 'eipalloc-1', InstanceId: INSTANCE_ID }],
    });
    expect(aws.inputs('EC2.DescribeAddresses')).to.deep.equal([
      { Filters: [{ Name: 'instance-id', Values: [INSTANCE_ID] }] },
    ]);
  });

  it('stops the instance when AWS gives it an automatic public address back', async () => {
    const { aws, findings } = await audit(
      ec2World({ publicIp: '198.51.100.7', elasticIp: true, addressAfterDisassociation: '203.0.113.50' }),
      instance,
      { remediate: true, remediateDisruptive: true, devAccounts: [ACCOUNT] },
    );
    expect(aws.writes().map((c) => c.operation)).to.deep.equal(['DisassociateAddress', 'StopInstances']);
    expect(findings[0]!.remediation.status).to.equal('applied');
  });

  it('reports, but never stops, a member of an Auto Scaling group (it would be terminated and replaced)', async () => {
    const { aws, findings } = await audit(
      ec2World({ publicIp: '198.51.100.7', tags: { 'aws:autoscaling:groupName': 'web-asg' } }),
      instance,
      { remediate: true, remediateDisruptive: true, requiredTags: ['owner'], devAccounts: [ACCOUNT] },
    );
    expect(statuses(findings)).to.deep.equal({
      'ec2.missing_tags': 'not_available',
      'ec2.public_in_dev_account': 'not_available',
    });
    expect(findings[0]!.remediation.action).to.match(/Auto Scaling group web-asg/);
    expect(aws.writes()).to.deep.equal([]);
  });

  it('checks a pending instance again later, when its tags are set', async () => {
    const { report } = await audit(ec2World({ state: 'pending', httpTokens: 'optional' }), instance, {
      requiredTags: ['owner'],
    });
    expect(report.findings).to.deep.equal([]);
    expect(report.recheck?.reason).to.equal(`instance ${INSTANCE_ID} is pending`);
  });

  it('leaves public instances of other accounts alone, and ignores terminated or gone instances', async () => {
    expect((await audit(ec2World({ publicIp: '198.51.100.7' }), instance)).findings).to.deep.equal([]);
    expect(
      (await audit(ec2World({ httpTokens: 'optional', state: 'terminated' }), instance)).findings,
    ).to.deep.equal([]);
    expect((await audit(ec2World({ exists: false }), instance)).findings).to.deep.equal([]);
  });
});
