import { DescribeClustersCommand, ModifyClusterCommand, RedshiftClient } from '@aws-sdk/client-redshift';
import { changedSince } from '../../undo/compare';
import { beforeOf, step } from '../../undo/steps';
import type { UndoTable } from '../../undo/types';

/** Made publicly accessible again. (Encryption is not turned off again: see the manifest.) */
export const undo: UndoTable = {
  'redshift.public': {
    async plan(finding, ctx) {
      const redshift = ctx.client(RedshiftClient, 'Redshift');
      const { Clusters = [] } = await redshift.send(
        new DescribeClustersCommand({ ClusterIdentifier: finding.resource.id }),
      );
      const current = { PubliclyAccessible: Clusters[0]?.PubliclyAccessible ?? false };
      const was = beforeOf<{ PubliclyAccessible: boolean }>(finding).PubliclyAccessible ?? true;
      return {
        current,
        changed: changedSince(current, finding.after),
        steps:
          was && !current.PubliclyAccessible
            ? [
                step(redshift, 'Redshift', ModifyClusterCommand, {
                  ClusterIdentifier: finding.resource.id,
                  PubliclyAccessible: true,
                }),
              ]
            : [],
      };
    },
  },
};
