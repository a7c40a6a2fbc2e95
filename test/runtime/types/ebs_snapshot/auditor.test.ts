import { expect } from 'chai';
import { audit, KNOWN, resource, STRANGER } from '../../../helpers/resources';
import { ebsSnapshotWorld, SNAPSHOT_ID } from './fixtures';

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
    // Each fix's before is what the previous left: the second starts without the all group.
    expect(findings[0]!.before).to.deep.equal({ CreateVolumePermissions: permissions });
    expect(findings[0]!.after).to.deep.equal({ CreateVolumePermissions: permissions.slice(1) });
    expect(findings[1]!.before).to.deep.equal({ CreateVolumePermissions: permissions.slice(1) });
    expect(findings[1]!.after).to.deep.equal({ CreateVolumePermissions: [{ UserId: KNOWN }] });
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
