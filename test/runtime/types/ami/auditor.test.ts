import { expect } from 'chai';
import {
  ACCOUNT,
  audit,
  KNOWN,
  MANAGEMENT,
  ORG_ID,
  ORG_MEMBER,
  organizationWorld,
  resource,
  STRANGER,
} from '../../../helpers/resources';
import { amiWorld, IMAGE_ID } from './fixtures';

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
