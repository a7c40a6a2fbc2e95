import { expect } from 'chai';
import { audit, KNOWN, resource, STRANGER } from '../../../helpers/resources';
import { DB_SNAPSHOT, rdsSnapshotWorld } from './fixtures';

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
