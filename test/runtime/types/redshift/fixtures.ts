/** Redshift clusters (id: the cluster identifier): encryption, public access, require_ssl. */
import { resource, type Scenario, tagList } from '../../../helpers/resources';
import type { World } from '../../../helpers/aws';
import { type ListingFixture, MARKER } from '../../../helpers/listing';

export const CLUSTER_ID = 'analytics';

export function redshiftWorld(
  options: {
    status?: string;
    encrypted?: boolean;
    public?: boolean;
    requireSsl?: string;
    applyStatus?: string;
    tags?: Record<string, string>;
  } = {},
): World {
  return {
    'Redshift.DescribeClusters': {
      Clusters: [
        {
          ClusterIdentifier: CLUSTER_ID,
          ClusterStatus: options.status ?? 'available',
          Encrypted: options.encrypted ?? true,
          PubliclyAccessible: options.public ?? false,
          ClusterParameterGroups: [
            { ParameterGroupName: 'secure', ParameterApplyStatus: options.applyStatus ?? 'in-sync' },
          ],
          Tags: tagList(options.tags),
        },
      ],
    },
    'Redshift.DescribeClusterParameters': {
      Parameters: [
        { ParameterName: 'enable_user_activity_logging', ParameterValue: 'true' },
        { ParameterName: 'require_ssl', ParameterValue: options.requireSsl ?? 'true' },
      ],
    },
    'Redshift.ModifyCluster': { Cluster: { ClusterIdentifier: CLUSTER_ID } },
  };
}

export const noncompliant: Scenario = {
  resource: resource('redshift', CLUSTER_ID),
  world: () => redshiftWorld({ encrypted: false, public: true, requireSsl: 'false' }),
  settings: { requiredTags: ['owner'] },
  failing: ['redshift.unencrypted', 'redshift.public', 'redshift.tls_not_required', 'redshift.missing_tags'],
};

export const listing: ListingFixture = {
  typical: { redshift: [0, 1] },
  responders: (estate) => ({
    'Redshift.DescribeClusters': estate.list('redshift', 'Clusters', MARKER, (ClusterIdentifier) => ({
      ClusterIdentifier,
      Tags: [],
    })),
  }),
};
