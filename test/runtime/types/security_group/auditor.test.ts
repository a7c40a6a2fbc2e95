import { expect } from 'chai';
import { audit, resource } from '../../../helpers/resources';
import { GROUP_ID, HTTPS_FROM_OFFICE, securityGroupWorld, SSH_FROM_ANYWHERE } from './fixtures';

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
