import { expect } from 'chai';
import { Remediator } from '../../../../src/runtime/remediator/remediator';
import { FakeAws, watched } from '../../../helpers/aws';
import { audit, resource, settingsWith, statuses } from '../../../helpers/resources';
import { DB_INSTANCE, rdsWorld } from './fixtures';

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
