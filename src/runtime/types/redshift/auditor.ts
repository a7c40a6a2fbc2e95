import {
  DescribeClustersCommand,
  ModifyClusterCommand,
  RedshiftClient,
  paginateDescribeClusterParameters,
} from '@aws-sdk/client-redshift';
import { unless } from '../../aws/errors';
import { missingTagsViolation, tagsFromList } from '../../auditors/tags';
import { type Auditor, GONE, type Violation, Fixed } from '../../auditors/types';

/**
 * Redshift clusters (id: the cluster identifier): encrypted, not publicly accessible, TLS required
 * by an in-sync parameter group, the required tags. A cluster that is not available is checked again
 * later.
 */
export const auditor: Auditor = {
  type: 'redshift',

  async inspect(resource, ctx) {
    const redshift = ctx.client(RedshiftClient, 'Redshift');
    const ClusterIdentifier = resource.id;
    const output = await unless(
      redshift.send(new DescribeClustersCommand({ ClusterIdentifier })),
      ['ClusterNotFoundFault', 'ClusterNotFound'],
      undefined,
    );
    const cluster = output?.Clusters?.[0];
    if (!cluster) return GONE;
    const status = cluster.ClusterStatus ?? 'unknown';
    if (status === 'deleting' || status === 'final-snapshot') return GONE;
    // A paused cluster is judged (its fixes fail until it resumes); passing states are waited out.
    if (status !== 'available' && status !== 'paused') {
      ctx.recheckLater(`cluster ${ClusterIdentifier} is ${status}`);
      return { tags: {}, violations: [] };
    }
    const tags = tagsFromList(cluster.Tags);
    const violations: Violation[] = [];
    let modified = false;

    // Made private first: the encryption that follows keeps the cluster busy for a while.
    if (cluster.PubliclyAccessible === true) {
      violations.push({
        check: 'redshift.public',
        message: `Redshift cluster ${ClusterIdentifier} is publicly accessible.`,
        action: 'set PubliclyAccessible to false',
        fix: async () => {
          await redshift.send(new ModifyClusterCommand({ ClusterIdentifier, PubliclyAccessible: false }));
          modified = true;
          return new Fixed({ PubliclyAccessible: true }, { PubliclyAccessible: false });
        },
      });
    }

    if (cluster.Encrypted !== true) {
      violations.push({
        check: 'redshift.unencrypted',
        message: `Redshift cluster ${ClusterIdentifier} is not encrypted.`,
        action:
          'turn on encryption (Redshift migrates the data; the cluster stays available, read-only at the end)',
        fix: async () => {
          if (modified) {
            // One modification at a time: the encryption waits for the next audit.
            ctx.recheckLater(`cluster ${ClusterIdentifier} is being modified before its encryption`);
            throw new Error(
              'the cluster is being made private first; encryption is turned on when it is checked again',
            );
          }
          await redshift.send(new ModifyClusterCommand({ ClusterIdentifier, Encrypted: true }));
          return { Encrypted: false };
        },
      });
    }
    // TLS is required only by a parameter group that says so and is applied (in-sync).
    let requiresTls = false;
    for (const group of cluster.ClusterParameterGroups ?? []) {
      if (group.ParameterApplyStatus !== 'in-sync' || !group.ParameterGroupName) continue;
      const input = { ParameterGroupName: group.ParameterGroupName };
      for await (const page of paginateDescribeClusterParameters({ client: redshift }, input)) {
        const ssl = (page.Parameters ?? []).find((p) => p.ParameterName === 'require_ssl');
        if (ssl?.ParameterValue?.toLowerCase() === 'true') requiresTls = true;
      }
    }
    if (!requiresTls) {
      violations.push({
        check: 'redshift.tls_not_required',
        message: `Redshift cluster ${ClusterIdentifier} accepts connections without TLS: no in-sync parameter group sets require_ssl to true.`,
        action: 'report only (set require_ssl in a parameter group and reboot the cluster)',
      });
    }
    violations.push(
      ...missingTagsViolation(
        'redshift.missing_tags',
        `Redshift cluster ${ClusterIdentifier}`,
        tags,
        ctx.settings.requiredTags,
      ),
    );
    return { tags, violations };
  },
};
