import { expect } from 'chai';
import { audit, resource, statuses } from '../../../helpers/resources';
import { CLUSTER_ID, redshiftWorld } from './fixtures';

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
