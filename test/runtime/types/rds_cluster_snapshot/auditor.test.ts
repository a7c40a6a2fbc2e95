import { expect } from 'chai';
import { audit, KNOWN, resource, STRANGER } from '../../../helpers/resources';
import { awsError } from '../../../helpers/aws';
import { CLUSTER_SNAPSHOT, rdsClusterSnapshotWorld } from './fixtures';

describe('auditor: rds_cluster_snapshot', () => {
  const snapshot = resource('rds_cluster_snapshot', CLUSTER_SNAPSHOT);
  const both = {
    'rds_cluster_snapshot.public': true,
    'rds_cluster_snapshot.shared_unknown_account': true,
  } as const;

  it('passes a snapshot that is not shared, or restorable only by known accounts', async () => {
    for (const restore of [[], [KNOWN]]) {
      const { findings, aws } = await audit(rdsClusterSnapshotWorld({ restore }), snapshot);
      expect(findings).to.deep.equal([]);
      expect(aws.inputs('RDS.DescribeDBClusterSnapshots')).to.deep.equal([
        { DBClusterSnapshotIdentifier: CLUSTER_SNAPSHOT },
      ]);
      expect(aws.inputs('RDS.DescribeDBClusterSnapshotAttributes')).to.deep.equal([
        { DBClusterSnapshotIdentifier: CLUSTER_SNAPSHOT },
      ]);
    }
  });

  it('reports a public snapshot shared with a stranger as a dry run, and writes nothing', async () => {
    const { findings, aws } = await audit(
      rdsClusterSnapshotWorld({ restore: ['all', STRANGER, KNOWN] }),
      snapshot,
    );
    expect(findings.map((f) => [f.check, f.severity, f.message, f.remediation])).to.deep.equal([
      [
        'rds_cluster_snapshot.public',
        'critical',
        'RDS cluster snapshot is public: shared with everyone (the "all" group).',
        {
          action: 'remove the "all" group from its sharing permissions (account shares kept)',
          status: 'dry_run',
        },
      ],
      [
        'rds_cluster_snapshot.shared_unknown_account',
        'high',
        `RDS cluster snapshot is shared outside the known accounts and organizations: ${STRANGER}.`,
        { action: `remove the share with ${STRANGER} (known accounts kept)`, status: 'dry_run' },
      ],
    ]);
    expect(aws.writes()).to.deep.equal([]);
  });

  it('removes "all" and the unknown accounts from the restore attribute, keeping the known one', async () => {
    const world = rdsClusterSnapshotWorld({ restore: ['all', STRANGER, KNOWN] });
    const { findings, aws } = await audit(world, snapshot, { remediate: both });
    expect(aws.writes().map((c) => [c.operation, c.input])).to.deep.equal([
      [
        'ModifyDBClusterSnapshotAttribute',
        { DBClusterSnapshotIdentifier: CLUSTER_SNAPSHOT, AttributeName: 'restore', ValuesToRemove: ['all'] },
      ],
      [
        'ModifyDBClusterSnapshotAttribute',
        {
          DBClusterSnapshotIdentifier: CLUSTER_SNAPSHOT,
          AttributeName: 'restore',
          ValuesToRemove: [STRANGER],
        },
      ],
    ]);
    expect(findings.map((f) => f.remediation.status)).to.deep.equal(['applied', 'applied']);
    // Each fix's before is what the previous left.
    expect(findings[0]!.before).to.deep.equal({
      AttributeName: 'restore',
      AttributeValues: ['all', STRANGER, KNOWN],
    });
    expect(findings[0]!.after).to.deep.equal({
      AttributeName: 'restore',
      AttributeValues: [STRANGER, KNOWN],
    });
    expect(findings[1]!.before).to.deep.equal({
      AttributeName: 'restore',
      AttributeValues: [STRANGER, KNOWN],
    });
    expect(findings[1]!.after).to.deep.equal({ AttributeName: 'restore', AttributeValues: [KNOWN] });
    // Read back: only the known account is left.
    const after = (
      world['RDS.DescribeDBClusterSnapshotAttributes'] as () => {
        DBClusterSnapshotAttributesResult: { DBClusterSnapshotAttributes: { AttributeValues: string[] }[] };
      }
    )();
    expect(
      after.DBClusterSnapshotAttributesResult.DBClusterSnapshotAttributes[0]!.AttributeValues,
    ).to.deep.equal([KNOWN]);
  });

  it('removes the unknown accounts only when the check is named (consent "named"), not with remediate: true', async () => {
    const { findings, aws } = await audit(rdsClusterSnapshotWorld({ restore: ['all', STRANGER] }), snapshot, {
      remediate: true,
    });
    expect(findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
      ['rds_cluster_snapshot.public', 'applied'],
      ['rds_cluster_snapshot.shared_unknown_account', 'dry_run'],
    ]);
    expect(aws.inputs('RDS.ModifyDBClusterSnapshotAttribute')).to.deep.equal([
      { DBClusterSnapshotIdentifier: CLUSTER_SNAPSHOT, AttributeName: 'restore', ValuesToRemove: ['all'] },
    ]);
  });

  it('honours the exception tag: reported as excepted, nothing written', async () => {
    const { findings, aws } = await audit(
      rdsClusterSnapshotWorld({ restore: ['all'], tags: { 'public-dataset': 'true' } }),
      snapshot,
      { remediate: both, exceptions: { tag: { key: 'public-dataset' } } },
    );
    expect(findings.map((f) => [f.check, f.remediation.status])).to.deep.equal([
      ['rds_cluster_snapshot.public', 'excepted'],
    ]);
    expect(aws.writes()).to.deep.equal([]);
  });

  it('honours an exception by resource id', async () => {
    const { findings, aws } = await audit(rdsClusterSnapshotWorld({ restore: ['all'] }), snapshot, {
      remediate: both,
      exceptions: { resources: { rds_cluster_snapshot: [CLUSTER_SNAPSHOT] } },
    });
    expect(findings.map((f) => f.remediation.status)).to.deep.equal(['excepted']);
    expect(aws.writes()).to.deep.equal([]);
  });

  it('yields nothing for a snapshot that no longer exists, or an automated one', async () => {
    expect((await audit(rdsClusterSnapshotWorld({ exists: false }), snapshot)).findings).to.deep.equal([]);
    const automated = await audit(rdsClusterSnapshotWorld({ type: 'automated', restore: ['all'] }), snapshot);
    expect(automated.findings).to.deep.equal([]);
  });

  it('reports a failed fix as failed, and lets a read error through so the record is retried', async () => {
    const world = rdsClusterSnapshotWorld({ restore: ['all'] });
    world['RDS.ModifyDBClusterSnapshotAttribute'] = () => {
      throw awsError('InvalidDBClusterSnapshotStateFault', 'snapshot is not available', 400);
    };
    const { findings } = await audit(world, snapshot, { remediate: both });
    expect(findings[0]!.remediation).to.deep.include({
      status: 'failed',
      reason: 'InvalidDBClusterSnapshotStateFault: snapshot is not available',
    });
    const denied = rdsClusterSnapshotWorld({ restore: ['all'] });
    denied['RDS.DescribeDBClusterSnapshotAttributes'] = () => {
      throw awsError('AccessDenied', 'denied', 403);
    };
    let caught: unknown;
    await audit(denied, snapshot).catch((e: unknown) => (caught = e));
    expect(caught).to.have.property('name', 'AccessDenied');
  });
});
