import { defineType } from '../manifest';
import { CREATION_DELAY, arnPart, first, req, requestId } from '../../events/ids';

/** Redshift clusters (id: the cluster identifier): encrypted, private, TLS required, tagged. */
export const redshift = defineType({
  type: 'redshift',
  id: 'the cluster identifier',
  checks: [
    {
      id: 'redshift.unencrypted',
      severity: 'high',
      title: 'Redshift cluster is not encrypted',
      fix: 'turn on encryption',
      notUndoable:
        'encryption is not turned off again: it takes no access away, and turning it off rewrites every block of the cluster',
      consent: 'disruptive',
    },
    {
      id: 'redshift.public',
      compliance: { fsbp: ['Redshift.1'] },
      severity: 'critical',
      title: 'Redshift cluster is publicly accessible',
      fix: 'make it not publicly accessible',
    },
    {
      id: 'redshift.tls_not_required',
      compliance: { fsbp: ['Redshift.2'] },
      severity: 'medium',
      title: 'Redshift cluster does not require TLS connections',
    },
    { id: 'redshift.missing_tags', severity: 'low', title: 'Redshift cluster lacks required tags' },
  ],
  readActions: ['redshift:DescribeClusters', 'redshift:DescribeClusterParameters'],
  remediateActions: ['redshift:ModifyCluster'],
  notFound: ['ClusterNotFoundFault', 'ClusterNotFound'],
  events: [
    {
      eventSource: 'redshift.amazonaws.com',
      eventNames: ['CreateCluster', 'RestoreFromClusterSnapshot'],
      ids: requestId('clusterIdentifier'),
      delay: CREATION_DELAY,
    },
    {
      eventSource: 'redshift.amazonaws.com',
      eventNames: ['ModifyCluster'],
      ids: (d) => first(req(d, 'newClusterIdentifier') ?? req(d, 'clusterIdentifier')),
      delay: CREATION_DELAY,
    },
    {
      eventSource: 'redshift.amazonaws.com',
      eventNames: ['DeleteTags'],
      ids: (d) => first(arnPart(req(d, 'resourceName'), ':cluster:')),
    },
  ],
  listing: { actions: ['redshift:DescribeClusters'], load: async () => (await import('./lister')).lister },
  securityHub: {
    resourceType: 'AwsRedshiftCluster',
    arn: (r, p) => `arn:${p}:redshift:${r.region}:${r.account}:cluster:${r.id}`,
  },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['redshift:ModifyCluster'],
});
