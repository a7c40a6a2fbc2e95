import { expect } from 'chai';
import { clusterOf } from '../../../src/runtime/types/ecs_service/auditor';
import { Remediator } from '../../../src/runtime/remediator/remediator';
import { FakeAws, watched } from '../../helpers/aws';
import {
  ACCOUNT,
  CLUSTER_ID,
  DB_INSTANCE,
  GROUP_ID,
  HTTPS_FROM_OFFICE,
  INSTANCE_ID,
  LB_ARN,
  LB_NAME,
  SERVICE_ARN,
  SSH_FROM_ANYWHERE,
  TASK_ARN,
  TG_ARN,
  USER_NAME,
  audit,
  ec2World,
  ecsWorld,
  elbWorld,
  elbv2World,
  iamUserWorld,
  rdsWorld,
  redshiftWorld,
  regionWorld,
  resource,
  securityGroupWorld,
  settingsWith,
} from '../../helpers/resources';

const statuses = (findings: readonly { check: string; remediation: { status: string } }[]) =>
  Object.fromEntries(findings.map((f) => [f.check, f.remediation.status]));

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

describe('auditor: security_group', () => {
  const group = resource('security_group', GROUP_ID);

  it('passes rules open only to known networks', async () => {
    expect(
      (await audit(securityGroupWorld({ permissions: [HTTPS_FROM_OFFICE] }), group)).findings,
    ).to.deep.equal([]);
  });

  it('names protocol and ports, and revokes exactly the 0.0.0.0/0 and ::/0 ranges', async () => {
    const allTraffic = {
      IpProtocol: '-1',
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
      Ipv6Ranges: [],
      UserIdGroupPairs: [],
      PrefixListIds: [],
    };
    const { findings, aws } = await audit(
      securityGroupWorld({ permissions: [SSH_FROM_ANYWHERE, HTTPS_FROM_OFFICE, allTraffic] }),
      group,
      {
        remediate: { security_group: true },
      },
    );
    expect(findings[0]!.message).to.equal(
      'Security group web allows ingress from anywhere: tcp 22 from 0.0.0.0/0 and ::/0; all traffic from 0.0.0.0/0.',
    );
    const revoked = [
      {
        IpProtocol: 'tcp',
        FromPort: 22,
        ToPort: 22,
        IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'ssh' }],
        Ipv6Ranges: [{ CidrIpv6: '::/0' }],
      },
      { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    ];
    // The 10.0.0.0/8 range of the SSH rule and the office HTTPS rule stay.
    expect(aws.inputs('EC2.RevokeSecurityGroupIngress')).to.deep.equal([
      { GroupId: GROUP_ID, IpPermissions: revoked },
    ]);
    expect(findings[0]!.before).to.deep.equal({ IpPermissions: revoked });
  });

  it('fails the record when the rules to revoke are gone since they were read', async () => {
    const world = securityGroupWorld({ permissions: [SSH_FROM_ANYWHERE] });
    world['EC2.RevokeSecurityGroupIngress'] = {
      Return: true,
      UnknownIpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }],
    };
    let caught: unknown;
    await audit(world, group, { remediate: true, remediateDisruptive: true }).catch(
      (e: unknown) => (caught = e),
    );
    expect(caught).to.have.property('name', 'ConcurrentChangeError');
  });

  it('yields nothing for a group that no longer exists', async () => {
    expect((await audit(securityGroupWorld({ exists: false }), group)).findings).to.deep.equal([]);
  });
});

describe('auditor: iam_user', () => {
  const user = resource('iam_user', USER_NAME);

  it('passes a user with MFA, a recent sign-in and used keys; and one without a console password', async () => {
    const healthy = iamUserWorld({
      profileAgeDays: 300,
      mfa: true,
      passwordLastUsedDaysAgo: 3,
      keys: [
        { id: 'AKIAUSED', createdDaysAgo: 300, lastUsedDaysAgo: 1 },
        { id: 'AKIAOFF', status: 'Inactive', createdDaysAgo: 900 },
      ],
    });
    expect((await audit(healthy, user)).findings).to.deep.equal([]);
    expect((await audit(iamUserWorld({}), user)).findings).to.deep.equal([]);
  });

  it('gives a new console password its MFA grace period', async () => {
    const fresh = await audit(iamUserWorld({ profileAgeDays: 0.5, passwordLastUsedDaysAgo: 0 }), user);
    expect(fresh.findings).to.deep.equal([]);
    const late = await audit(iamUserWorld({ profileAgeDays: 2, passwordLastUsedDaysAgo: 0 }), user);
    expect(late.findings.map((f) => f.check)).to.deep.equal(['iam_user.password_without_mfa']);
    expect(late.findings[0]!.message).to.equal(
      'User alice has had a console password for 48 hours and no MFA device (grace: 24 hours).',
    );
  });

  it('deletes the login profile once for both password checks, and deactivates (not deletes) stale keys', async () => {
    const { findings, aws } = await audit(
      iamUserWorld({
        profileAgeDays: 200,
        passwordLastUsedDaysAgo: 150,
        keys: [
          { id: 'AKIAOLD', createdDaysAgo: 300, lastUsedDaysAgo: 120 },
          { id: 'AKIANEVER', createdDaysAgo: 101 },
          { id: 'AKIANEW', createdDaysAgo: 5 },
        ],
      }),
      user,
      { remediate: true, remediateDisruptive: true },
    );
    expect(statuses(findings)).to.deep.equal({
      'iam_user.password_without_mfa': 'applied',
      'iam_user.inactive_password': 'applied',
      'iam_user.stale_access_key': 'applied',
    });
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      ['DeleteLoginProfile', { UserName: USER_NAME }],
      ['UpdateAccessKey', { UserName: USER_NAME, AccessKeyId: 'AKIAOLD', Status: 'Inactive' }],
      ['UpdateAccessKey', { UserName: USER_NAME, AccessKeyId: 'AKIANEVER', Status: 'Inactive' }],
    ]);
    expect(findings[2]!.before).to.deep.equal({
      AccessKeys: [
        { AccessKeyId: 'AKIAOLD', Status: 'Active' },
        { AccessKeyId: 'AKIANEVER', Status: 'Active' },
      ],
    });
  });

  it('uses the thresholds of the settings', async () => {
    const world = iamUserWorld({ profileAgeDays: 40, mfa: true, passwordLastUsedDaysAgo: 40 });
    expect((await audit(world, user)).findings).to.deep.equal([]);
    const strict = await audit(world, user, { thresholds: { passwordInactiveDays: 30 } });
    expect(strict.findings.map((f) => f.check)).to.deep.equal(['iam_user.inactive_password']);
  });
});

describe('auditor: rds', () => {
  const db = resource('rds', DB_INSTANCE);

  it('passes an encrypted, private, tagged database', async () => {
    expect(
      (await audit(rdsWorld({ tags: { owner: 'orders' } }), db, { requiredTags: ['owner'] })).findings,
    ).to.deep.equal([]);
  });

  it('makes a public database private at once, and stops an unencrypted instance or its cluster', async () => {
    const single = await audit(rdsWorld({ encrypted: false, public: true }), db, {
      remediate: true,
      remediateDisruptive: true,
    });
    // Private first; the stop waits for the next audit (a database being modified cannot be stopped).
    expect(single.aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      [
        'ModifyDBInstance',
        { DBInstanceIdentifier: DB_INSTANCE, PubliclyAccessible: false, ApplyImmediately: true },
      ],
    ]);
    expect(statuses(single.findings)).to.deep.equal({ 'rds.public': 'applied', 'rds.unencrypted': 'failed' });
    expect(single.report.recheck?.reason).to.equal(
      'database orders-db is being modified before it can be stopped',
    );
    const unencryptedOnly = await audit(rdsWorld({ encrypted: false }), db, {
      remediate: true,
      remediateDisruptive: true,
    });
    expect(unencryptedOnly.aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      ['StopDBInstance', { DBInstanceIdentifier: DB_INSTANCE }],
    ]);
    const clustered = await audit(rdsWorld({ encrypted: false, cluster: 'orders-cluster' }), db, {
      remediate: true,
      remediateDisruptive: true,
    });
    expect(clustered.aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      ['StopDBCluster', { DBClusterIdentifier: 'orders-cluster' }],
    ]);
  });

  it('asks for a recheck of a database that is not available yet, and judges nothing', async () => {
    const settings = settingsWith({ remediate: true, remediateDisruptive: true });
    const aws = new FakeAws(rdsWorld({ status: 'creating', public: true }));
    watched.push({ aws, settings });
    const requeued: number[] = [];
    const remediator = new Remediator({
      settings,
      clients: aws,
      requeue: async (_r, attempt) => void requeued.push(attempt),
    });
    const first = await remediator.audit(db);
    expect(first.findings).to.deep.equal([]);
    expect(first.recheck).to.deep.equal({
      reason: 'database orders-db is creating',
      attempt: 0,
      requeued: true,
    });
    const last = await remediator.audit(db, 4);
    expect(last.recheck).to.deep.include({ attempt: 4, requeued: false });
    expect(requeued).to.deep.equal([1]);
    expect(aws.writes()).to.deep.equal([]);
  });
});

describe('auditor: redshift', () => {
  const cluster = resource('redshift', CLUSTER_ID);

  it('passes an encrypted, private cluster whose in-sync parameter group requires TLS', async () => {
    const { findings, aws } = await audit(redshiftWorld({ tags: { owner: 'bi' } }), cluster, {
      requiredTags: ['owner'],
    });
    expect(findings).to.deep.equal([]);
    expect(aws.inputs('Redshift.DescribeClusterParameters')).to.deep.equal([
      { ParameterGroupName: 'secure' },
    ]);
  });

  it('does not count a parameter group that is not applied yet', async () => {
    const { findings } = await audit(redshiftWorld({ applyStatus: 'pending-reboot' }), cluster);
    expect(statuses(findings)).to.deep.equal({ 'redshift.tls_not_required': 'not_available' });
  });

  it('makes the cluster private, then turns on encryption at the next audit', async () => {
    const both = await audit(redshiftWorld({ encrypted: false, public: true }), cluster, {
      remediate: true,
      remediateDisruptive: true,
    });
    expect(both.aws.writes().map((c) => c.input)).to.deep.equal([
      { ClusterIdentifier: CLUSTER_ID, PubliclyAccessible: false },
    ]);
    expect(both.report.recheck?.reason).to.equal('cluster analytics is being modified before its encryption');
    const { aws } = await audit(redshiftWorld({ encrypted: false }), cluster, {
      remediate: true,
      remediateDisruptive: true,
    });
    expect(aws.writes().map((c) => c.input)).to.deep.equal([
      { ClusterIdentifier: CLUSTER_ID, Encrypted: true },
    ]);
  });

  it('asks for a recheck of a cluster that is not available', async () => {
    const { report } = await audit(redshiftWorld({ status: 'modifying', public: true }), cluster);
    expect(report.recheck?.reason).to.equal('cluster analytics is modifying');
    expect(report.findings).to.deep.equal([]);
  });
});

describe('auditor: elb and elbv2', () => {
  it('reports instances whose required tags differ from their load balancer, and missing tags', async () => {
    const { findings } = await audit(
      elbWorld({
        instances: ['i-1', 'i-2'],
        tags: { owner: 'web' },
        instanceTags: { 'i-1': { owner: 'web' }, 'i-2': { owner: 'data' } },
      }),
      resource('elb', LB_NAME),
      { requiredTags: ['owner'] },
    );
    expect(findings.map((f) => [f.check, f.remediation.status, f.message])).to.deep.equal([
      [
        'elb.instance_tag_mismatch',
        'not_available',
        'Instances behind load balancer web-classic differ from it in required tags (owner=web): i-2 (owner=data).',
      ],
    ]);
  });

  it('deregisters the instances of an internet-facing classic load balancer in a dev account only', async () => {
    const world = () => elbWorld({ scheme: 'internet-facing', instances: ['i-1'] });
    expect((await audit(world(), resource('elb', LB_NAME))).findings).to.deep.equal([]);
    const { aws, findings } = await audit(world(), resource('elb', LB_NAME), {
      devAccounts: [ACCOUNT],
      remediate: true,
      remediateDisruptive: true,
    });
    expect(aws.inputs('Elastic Load Balancing.DeregisterInstancesFromLoadBalancer')).to.deep.equal([
      { LoadBalancerName: LB_NAME, Instances: [{ InstanceId: 'i-1' }] },
    ]);
    expect(findings[0]!.before).to.deep.equal({ Instances: [{ InstanceId: 'i-1' }] });
  });

  it('deregisters the instance targets of an internet-facing ALB in a dev account, from a target group id too', async () => {
    for (const id of [LB_ARN, TG_ARN]) {
      const { aws } = await audit(
        elbv2World({ scheme: 'internet-facing', targets: ['i-1'] }),
        resource('elbv2', id),
        {
          devAccounts: [ACCOUNT],
          remediate: true,
          remediateDisruptive: true,
        },
      );
      expect(aws.inputs('Elastic Load Balancing v2.DeregisterTargets')).to.deep.equal([
        { TargetGroupArn: TG_ARN, Targets: [{ Id: 'i-1', Port: 80 }] },
      ]);
    }
    const internal = await audit(elbv2World({ targets: ['i-1'] }), resource('elbv2', LB_ARN), {
      devAccounts: [ACCOUNT],
    });
    expect(internal.findings).to.deep.equal([]);
    const ip = await audit(
      elbv2World({ scheme: 'internet-facing', targets: ['10.0.0.1'], targetType: 'ip' }),
      resource('elbv2', LB_ARN),
      {
        devAccounts: [ACCOUNT],
      },
    );
    expect(ip.findings).to.deep.equal([]);
  });
});

describe('auditor: ecs_service and ecs_task', () => {
  it('reads the cluster from the ARN (long and short forms)', () => {
    expect(clusterOf(SERVICE_ARN)).to.equal('prod');
    expect(clusterOf('arn:aws:ecs:eu-west-1:111111111111:service/web')).to.equal('default');
  });

  it('stops assigning public IPs, keeping the subnets and security groups', async () => {
    const { aws, findings } = await audit(
      ecsWorld({ assignPublicIp: 'ENABLED' }),
      resource('ecs_service', SERVICE_ARN),
      {
        remediate: true,
        remediateDisruptive: true,
      },
    );
    expect(aws.inputs('ECS.UpdateService')).to.deep.equal([
      {
        cluster: 'prod',
        service: SERVICE_ARN,
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: ['subnet-1', 'subnet-2'],
            securityGroups: ['sg-1'],
            assignPublicIp: 'DISABLED',
          },
        },
      },
    ]);
    expect(findings[0]!.before).to.deep.equal({
      awsvpcConfiguration: {
        subnets: ['subnet-1', 'subnet-2'],
        securityGroups: ['sg-1'],
        assignPublicIp: 'ENABLED',
      },
    });
    expect((await audit(ecsWorld(), resource('ecs_service', SERVICE_ARN))).findings).to.deep.equal([]);
  });

  it('reports a standalone task with a public address but does not stop it: nothing would start it again', async () => {
    const { findings, aws } = await audit(
      ecsWorld({ taskPublicIp: '198.51.100.9', group: 'family:nightly-report' }),
      resource('ecs_task', TASK_ARN),
      { remediate: true, remediateDisruptive: true },
    );
    expect(findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
      ['ecs_task.public_ip', 'not_available'],
    ]);
    expect(findings[0]!.message).to.equal(
      `Standalone task ${TASK_ARN} (group family:nightly-report) is reachable at 198.51.100.9.`,
    );
    expect(aws.calls('ECS.StopTask')).to.deep.equal([]);
  });

  it("stops a running service's task with a public address, and leaves private or stopped tasks", async () => {
    const { aws } = await audit(ecsWorld({ taskPublicIp: '198.51.100.9' }), resource('ecs_task', TASK_ARN), {
      remediate: true,
      remediateDisruptive: true,
    });
    expect(aws.inputs('ECS.StopTask')).to.deep.equal([
      { cluster: 'prod', task: TASK_ARN, reason: 'aws-remediation: ecs_task.public_ip' },
    ]);
    expect(aws.inputs('EC2.DescribeNetworkInterfaces')).to.deep.equal([{ NetworkInterfaceIds: ['eni-1'] }]);
    expect((await audit(ecsWorld(), resource('ecs_task', TASK_ARN))).findings).to.deep.equal([]);
    expect(
      (
        await audit(
          ecsWorld({ taskPublicIp: '198.51.100.9', lastStatus: 'STOPPED' }),
          resource('ecs_task', TASK_ARN),
        )
      ).findings,
    ).to.deep.equal([]);
  });
});

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
