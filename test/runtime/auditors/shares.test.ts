import { expect } from 'chai';
import {
  ACCOUNT,
  DB_SNAPSHOT,
  IMAGE_ID,
  KNOWN,
  MANAGEMENT,
  ORG_ID,
  ORG_MEMBER,
  SNAPSHOT_ID,
  STRANGER,
  amiWorld,
  audit,
  ebsSnapshotWorld,
  rdsSnapshotWorld,
  organizationWorld,
  resource,
} from '../../helpers/resources';

const organization = organizationWorld();

describe('auditor: ami', () => {
  const ami = resource('ami', IMAGE_ID);

  it('passes an image shared only with known accounts, and an unshared one', async () => {
    for (const permissions of [[], [{ UserId: KNOWN }, { UserId: ACCOUNT }]]) {
      const { findings, aws } = await audit(amiWorld({ permissions }), ami);
      expect(findings).to.deep.equal([]);
      expect(aws.inputs('EC2.DescribeImageAttribute')).to.deep.equal([
        { ImageId: IMAGE_ID, Attribute: 'launchPermission' },
      ]);
    }
  });

  it('reports the all group and each unknown account', async () => {
    const { findings } = await audit(
      amiWorld({ permissions: [{ Group: 'all' }, { UserId: STRANGER }, { UserId: KNOWN }] }),
      ami,
    );
    expect(findings.map((f) => [f.check, f.severity, f.message])).to.deep.equal([
      ['ami.public', 'high', 'AMI is public: shared with everyone (the "all" group).'],
      [
        'ami.shared_unknown_account',
        'medium',
        `AMI is shared outside the known accounts and organizations: ${STRANGER}.`,
      ],
    ]);
  });

  it('removes the all group and the unknown accounts only, keeping known shares', async () => {
    const permissions = [{ Group: 'all' }, { UserId: STRANGER }, { UserId: KNOWN }];
    const { findings, aws } = await audit(amiWorld({ permissions }), ami, {
      remediate: { ami: true, 'ami.shared_unknown_account': true },
    });
    expect(aws.inputs('EC2.ModifyImageAttribute')).to.deep.equal([
      { ImageId: IMAGE_ID, LaunchPermission: { Remove: [{ Group: 'all' }] } },
      { ImageId: IMAGE_ID, LaunchPermission: { Remove: [{ UserId: STRANGER }] } },
    ]);
    expect(findings[0]!.before).to.deep.equal({ LaunchPermissions: permissions });
  });

  it('counts members of a configured organization as known, listing them once', async () => {
    const world = {
      ...amiWorld({ permissions: [{ UserId: ORG_MEMBER }, { UserId: MANAGEMENT }] }),
      ...organization,
    };
    const { findings, aws } = await audit(world, ami, {
      accounts: [ACCOUNT],
      organizationAccounts: [MANAGEMENT],
    });
    expect(findings).to.deep.equal([]);
    const listed = aws.calls('Organizations.ListAccounts');
    expect(listed.map((c) => [c.account, c.region, c.input])).to.deep.equal([
      [MANAGEMENT, 'us-east-1', {}],
      [MANAGEMENT, 'us-east-1', { NextToken: 'page-2' }],
    ]);
  });

  it('does not call Organizations when every shared account is named in settings', async () => {
    const world = amiWorld({ permissions: [{ UserId: KNOWN }] });
    const { aws } = await audit(world, ami, {
      accounts: [ACCOUNT, KNOWN],
      organizationAccounts: [MANAGEMENT],
    });
    expect(aws.calls('Organizations.ListAccounts')).to.deep.equal([]);
  });

  it('removes shares with organizations or OUs other than the configured ones, keeping our own', async () => {
    const ours = { OrganizationArn: `arn:aws:organizations::${MANAGEMENT}:organization/${ORG_ID}` };
    const ourOu = {
      OrganizationalUnitArn: `arn:aws:organizations::${MANAGEMENT}:ou/${ORG_ID}/ou-ab12-cd34ef56`,
    };
    const theirs = { OrganizationArn: 'arn:aws:organizations::999999999999:organization/o-zz99yy88xx' };
    const theirOu = {
      OrganizationalUnitArn: 'arn:aws:organizations::999999999999:ou/o-zz99yy88xx/ou-zz99-aa11bb22',
    };
    const world = { ...amiWorld({ permissions: [ours, ourOu, theirs, theirOu] }), ...organization };
    const { findings, aws } = await audit(world, ami, {
      accounts: [ACCOUNT],
      organizationAccounts: [MANAGEMENT],
      remediate: { ami: true, 'ami.shared_unknown_account': true },
    });
    expect(findings.map((f) => f.message)).to.deep.equal([
      `AMI is shared outside the known accounts and organizations: ${theirs.OrganizationArn}, ${theirOu.OrganizationalUnitArn}.`,
    ]);
    expect(aws.inputs('EC2.ModifyImageAttribute')).to.deep.equal([
      { ImageId: IMAGE_ID, LaunchPermission: { Remove: [theirs, theirOu] } },
    ]);
  });

  it("ignores another account's image and one that no longer exists", async () => {
    expect(
      (await audit(amiWorld({ owner: STRANGER, permissions: [{ Group: 'all' }] }), ami)).findings,
    ).to.deep.equal([]);
    expect((await audit(amiWorld({ exists: false }), ami)).findings).to.deep.equal([]);
  });
});

describe('auditor: ebs_snapshot', () => {
  const snapshot = resource('ebs_snapshot', SNAPSHOT_ID);

  it('passes a snapshot that is not shared, or shared with known accounts', async () => {
    for (const permissions of [[], [{ UserId: KNOWN }]]) {
      expect((await audit(ebsSnapshotWorld({ permissions }), snapshot)).findings).to.deep.equal([]);
    }
  });

  it('removes the all group and the unknown accounts with ModifySnapshotAttribute', async () => {
    const permissions = [
      { Group: 'all' },
      { UserId: STRANGER },
      { UserId: '888888888888' },
      { UserId: KNOWN },
    ];
    const { findings, aws } = await audit(ebsSnapshotWorld({ permissions }), snapshot, {
      remediate: { ebs_snapshot: true, 'ebs_snapshot.shared_unknown_account': true },
    });
    expect(findings.map((f) => [f.check, f.severity, f.remediation.status])).to.deep.equal([
      ['ebs_snapshot.public', 'critical', 'applied'],
      ['ebs_snapshot.shared_unknown_account', 'high', 'applied'],
    ]);
    expect(aws.inputs('EC2.ModifySnapshotAttribute')).to.deep.equal([
      {
        SnapshotId: SNAPSHOT_ID,
        Attribute: 'createVolumePermission',
        CreateVolumePermission: { Remove: [{ Group: 'all' }] },
      },
      {
        SnapshotId: SNAPSHOT_ID,
        Attribute: 'createVolumePermission',
        CreateVolumePermission: { Remove: [{ UserId: STRANGER }, { UserId: '888888888888' }] },
      },
    ]);
    expect(findings[1]!.before).to.deep.equal({ CreateVolumePermissions: permissions });
  });

  it('honours an exception tag on the snapshot', async () => {
    const { findings, aws } = await audit(
      ebsSnapshotWorld({ permissions: [{ Group: 'all' }], tags: { 'public-dataset': 'true' } }),
      snapshot,
      { remediate: true, exceptions: { tag: { key: 'public-dataset' } } },
    );
    expect(findings.map((f) => f.remediation.status)).to.deep.equal(['excepted']);
    expect(aws.writes()).to.deep.equal([]);
  });

  it('yields nothing for a snapshot that no longer exists', async () => {
    expect((await audit(ebsSnapshotWorld({ exists: false }), snapshot)).findings).to.deep.equal([]);
  });
});

describe('auditor: rds_snapshot', () => {
  const snapshot = resource('rds_snapshot', DB_SNAPSHOT);

  it('passes a snapshot restorable only by known accounts', async () => {
    const { findings, aws } = await audit(rdsSnapshotWorld({ restore: [KNOWN] }), snapshot);
    expect(findings).to.deep.equal([]);
    expect(aws.inputs('RDS.DescribeDBSnapshotAttributes')).to.deep.equal([
      { DBSnapshotIdentifier: DB_SNAPSHOT },
    ]);
  });

  it('removes "all" and the unknown accounts from the restore attribute, keeping the known ones', async () => {
    const { findings, aws } = await audit(rdsSnapshotWorld({ restore: ['all', STRANGER, KNOWN] }), snapshot, {
      remediate: { 'rds_snapshot.public': true, 'rds_snapshot.shared_unknown_account': true },
    });
    expect(aws.inputs('RDS.ModifyDBSnapshotAttribute')).to.deep.equal([
      { DBSnapshotIdentifier: DB_SNAPSHOT, AttributeName: 'restore', ValuesToRemove: ['all'] },
      { DBSnapshotIdentifier: DB_SNAPSHOT, AttributeName: 'restore', ValuesToRemove: [STRANGER] },
    ]);
    expect(findings[0]!.before).to.deep.equal({
      AttributeName: 'restore',
      AttributeValues: ['all', STRANGER, KNOWN],
    });
  });

  it('applies only the fix that is turned on', async () => {
    const { findings, aws } = await audit(rdsSnapshotWorld({ restore: ['all', STRANGER] }), snapshot, {
      remediate: { 'rds_snapshot.public': true },
    });
    expect(findings.map((f) => f.remediation.status)).to.deep.equal(['applied', 'dry_run']);
    expect(aws.writes()).to.have.length(1);
  });

  it('yields nothing for a snapshot that no longer exists', async () => {
    expect((await audit(rdsSnapshotWorld({ exists: false }), snapshot)).findings).to.deep.equal([]);
  });
});
