import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DescribeImageAttributeCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type IpPermission,
  ModifyImageAttributeCommand,
  ModifySnapshotAttributeCommand,
  RegisterImageCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { expect } from 'chai';
import { type Accounts, STRANGER, otherAccount } from '../aws';
import type { Message, Resource, Seeder } from './model';

/** Ingress rules as sorted "protocol from-to source" lines. */
export function ruleLines(permissions: readonly IpPermission[]): string[] {
  return permissions
    .flatMap((p) => {
      const ports = `${p.IpProtocol} ${p.FromPort ?? ''}-${p.ToPort ?? ''}`;
      return [
        ...(p.IpRanges ?? []).map((r) => `${ports} ${r.CidrIp}`),
        ...(p.Ipv6Ranges ?? []).map((r) => `${ports} ${r.CidrIpv6}`),
        ...(p.UserIdGroupPairs ?? []).map((g) => `${ports} ${g.GroupId}`),
        ...(p.PrefixListIds ?? []).map((l) => `${ports} ${l.PrefixListId}`),
      ];
    })
    .sort();
}

export async function readRules(ec2: EC2Client, GroupId: string): Promise<string[]> {
  const { SecurityGroups = [] } = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [GroupId] }));
  return ruleLines(SecurityGroups[0]?.IpPermissions ?? []);
}

async function securityGroups(accounts: Accounts, account: string, region: string): Promise<Resource[]> {
  const ec2 = accounts.client(EC2Client, account, region);
  const { Vpcs = [] } = await ec2.send(
    new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }),
  );
  const VpcId = Vpcs[0]!.VpcId!;
  const create = async (name: string, permissions: IpPermission[]) => {
    const { GroupId } = await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: name, Description: 'e2e', VpcId }),
    );
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions: permissions }));
    return GroupId!;
  };
  const legit: IpPermission[] = [
    { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
    { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '10.1.0.0/16' }] },
  ];
  const openId = await create('e2e-open-ssh', [
    // SSH from anywhere, in the same rule as SSH from the private network.
    {
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      IpRanges: [{ CidrIp: '0.0.0.0/0' }, { CidrIp: '10.0.0.0/8' }],
    },
    { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
    legit[1]!,
  ]);
  const okId = await create('e2e-private', legit);
  const { SecurityGroups = [] } = await ec2.send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default'] }] }),
  );
  const message = (id: string): Message => ({ account, region, type: 'security_group', id, delay: 0 });
  const legitLines = ruleLines(legit);
  return [
    {
      label: `security_group open SSH ${openId} ${account} ${region}`,
      message: message(openId),
      seeded: true,
      excepted: false,
      findings: [{ check: 'security_group.public_ingress', fixable: true }],
      read: () => readRules(ec2, openId),
      verifyFixed: (state) => expect(state, `rules of ${openId}`).to.deep.equal(legitLines),
    },
    {
      label: `security_group private ${okId} ${account} ${region}`,
      message: message(okId),
      seeded: true,
      excepted: false,
      findings: [],
      read: () => readRules(ec2, okId),
    },
    // The default VPC's default group, made by the server.
    ...SecurityGroups.map((g): Resource => ({
      label: `security_group default ${g.GroupId} ${account} ${region}`,
      message: message(g.GroupId!),
      seeded: false,
      excepted: false,
      findings: [],
      read: () => readRules(ec2, g.GroupId!),
    })),
  ];
}

// EBS snapshots and AMIs

interface Share {
  readonly Group?: string;
  readonly UserId?: string;
}
const shareLines = (shares: readonly Share[]) => shares.map((s) => s.Group ?? s.UserId ?? '?').sort();

async function snapshotsAndImages(
  accounts: Accounts,
  account: string,
  region: string,
): Promise<{ resources: Resource[]; baseImage: string }> {
  const ec2 = accounts.client(EC2Client, account, region);
  const known = otherAccount(account);
  const snapshot = async (name: string) => {
    const { VolumeId } = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${region}a`, Size: 8 }));
    const { SnapshotId } = await ec2.send(
      new CreateSnapshotCommand({
        VolumeId,
        TagSpecifications: [{ ResourceType: 'snapshot', Tags: [{ Key: 'Name', Value: name }] }],
      }),
    );
    return SnapshotId!;
  };
  const readSnapshot = (SnapshotId: string) => async () =>
    shareLines(
      (
        await ec2.send(
          new DescribeSnapshotAttributeCommand({ SnapshotId, Attribute: 'createVolumePermission' }),
        )
      ).CreateVolumePermissions ?? [],
    );
  // The request form with OperationType: moto ignores the CreateVolumePermission form (see endpoint.ts).
  const share = (SnapshotId: string, add: { GroupNames?: 'all'[]; UserIds: string[] }) =>
    ec2.send(
      new ModifySnapshotAttributeCommand({
        SnapshotId,
        Attribute: 'createVolumePermission',
        OperationType: 'add',
        ...add,
      }),
    );
  // Public, and shared with a known account (that share stays).
  const publicSnapshot = await snapshot('e2e-public');
  await share(publicSnapshot, { GroupNames: ['all'], UserIds: [known] });
  // Shared with a stranger and a known account.
  const strangerSnapshot = await snapshot('e2e-stranger');
  await share(strangerSnapshot, { UserIds: [STRANGER, known] });
  // The root volume of the image below: private.
  const rootSnapshot = await snapshot('e2e-image-root');
  const { ImageId } = await ec2.send(
    new RegisterImageCommand({
      Name: `e2e-public-image-${account}-${region}`,
      Architecture: 'x86_64',
      RootDeviceName: '/dev/xvda',
      VirtualizationType: 'hvm',
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: rootSnapshot } }],
    }),
  );
  await ec2.send(
    new ModifyImageAttributeCommand({
      ImageId,
      LaunchPermission: { Add: [{ Group: 'all' }, { UserId: known }, { UserId: STRANGER }] },
    }),
  );
  const readImage = (id: string) => async () =>
    shareLines(
      (await ec2.send(new DescribeImageAttributeCommand({ ImageId: id, Attribute: 'launchPermission' })))
        .LaunchPermissions ?? [],
    );
  // The image the instances run: shared with a known account only.
  const baseSnapshot = await snapshot('e2e-base-root');
  const { ImageId: baseImage } = await ec2.send(
    new RegisterImageCommand({
      Name: `e2e-base-image-${account}-${region}`,
      Architecture: 'x86_64',
      RootDeviceName: '/dev/xvda',
      VirtualizationType: 'hvm',
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: baseSnapshot } }],
    }),
  );
  await ec2.send(
    new ModifyImageAttributeCommand({ ImageId: baseImage, LaunchPermission: { Add: [{ UserId: known }] } }),
  );
  // moto's RegisterImage also makes a snapshot of its own for each image (AWS uses the one named in
  // the block device mapping): the account owns those too, private.
  const { Snapshots = [] } = await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }));
  const made = Snapshots.filter(
    (s) => s.OwnerId === account && /^Auto-created snapshot for AMI /.test(s.Description ?? ''),
  );
  const message = (type: string, id: string): Message => ({ account, region, type, id, delay: 0 });
  const resources: Resource[] = [
    {
      label: `ebs_snapshot public ${publicSnapshot} ${account} ${region}`,
      message: message('ebs_snapshot', publicSnapshot),
      seeded: true,
      excepted: false,
      findings: [{ check: 'ebs_snapshot.public', fixable: true }],
      read: readSnapshot(publicSnapshot),
      verifyFixed: (state) => expect(state, publicSnapshot).to.deep.equal([known]),
    },
    {
      label: `ebs_snapshot shared with a stranger ${strangerSnapshot} ${account} ${region}`,
      message: message('ebs_snapshot', strangerSnapshot),
      seeded: true,
      excepted: false,
      findings: [{ check: 'ebs_snapshot.shared_unknown_account', fixable: true }],
      read: readSnapshot(strangerSnapshot),
      verifyFixed: (state) => expect(state, strangerSnapshot).to.deep.equal([known]),
    },
    {
      label: `ebs_snapshot private ${rootSnapshot} ${account} ${region}`,
      message: message('ebs_snapshot', rootSnapshot),
      seeded: true,
      excepted: false,
      findings: [],
      read: readSnapshot(rootSnapshot),
    },
    {
      label: `ami public ${ImageId} ${account} ${region}`,
      message: message('ami', ImageId!),
      seeded: true,
      excepted: false,
      findings: [
        { check: 'ami.public', fixable: true },
        { check: 'ami.shared_unknown_account', fixable: true },
      ],
      read: readImage(ImageId!),
      verifyFixed: (state) => expect(state, ImageId).to.deep.equal([known]),
    },
    {
      label: `ebs_snapshot private ${baseSnapshot} ${account} ${region}`,
      message: message('ebs_snapshot', baseSnapshot),
      seeded: true,
      excepted: false,
      findings: [],
      read: readSnapshot(baseSnapshot),
    },
    {
      label: `ami shared with a known account ${baseImage} ${account} ${region}`,
      message: message('ami', baseImage!),
      seeded: true,
      excepted: false,
      findings: [],
      read: readImage(baseImage!),
    },
    ...made.map((s): Resource => ({
      label: `ebs_snapshot made by the server for an image ${s.SnapshotId} ${account} ${region}`,
      message: message('ebs_snapshot', s.SnapshotId!),
      seeded: false,
      excepted: false,
      findings: [],
      read: readSnapshot(s.SnapshotId!),
    })),
  ];
  return { resources, baseImage: baseImage! };
}

// EC2 instances

async function instances(
  accounts: Accounts,
  account: string,
  region: string,
  ImageId: string,
): Promise<Resource[]> {
  const ec2 = accounts.client(EC2Client, account, region);
  const run = async (HttpTokens: 'optional' | 'required') => {
    const { Instances = [] } = await ec2.send(
      new RunInstancesCommand({
        ImageId,
        InstanceType: 't3.micro',
        MinCount: 1,
        MaxCount: 1,
        MetadataOptions: { HttpTokens, HttpEndpoint: 'enabled' },
      }),
    );
    return Instances[0]!.InstanceId!;
  };
  const read = (InstanceId: string) => async () => {
    const { Reservations = [] } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [InstanceId] }));
    const instance = Reservations[0]?.Instances?.[0];
    return { state: instance?.State?.Name, httpTokens: instance?.MetadataOptions?.HttpTokens };
  };
  const v1 = await run('optional');
  const v2 = await run('required');
  const message = (id: string): Message => ({ account, region, type: 'ec2', id, delay: 0 });
  return [
    {
      label: `ec2 IMDSv1 ${v1} ${account} ${region}`,
      message: message(v1),
      seeded: true,
      excepted: false,
      findings: [{ check: 'ec2.imdsv1_allowed', fixable: true }],
      read: read(v1),
      // Tokens required; the instance keeps running.
      verifyFixed: (state) => expect(state, v1).to.deep.equal({ state: 'running', httpTokens: 'required' }),
    },
    {
      label: `ec2 IMDSv2 ${v2} ${account} ${region}`,
      message: message(v2),
      seeded: true,
      excepted: false,
      findings: [],
      read: read(v2),
    },
  ];
}

/**
 * EC2: security groups (SSH and HTTPS open to the world next to private rules, and compliant ones),
 * EBS snapshots and AMIs (public, shared with a stranger, private), and instances (IMDSv1 and v2).
 */
export const ec2Seeder: Seeder = {
  async seed({ accounts, account, region }) {
    const groups = await securityGroups(accounts, account, region);
    const images = await snapshotsAndImages(accounts, account, region);
    return [
      ...groups,
      ...images.resources,
      ...(await instances(accounts, account, region, images.baseImage)),
    ];
  },
};
