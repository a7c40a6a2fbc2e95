import {
  DescribeDomainConfigCommand,
  OpenSearchClient,
  UpdateDomainConfigCommand,
} from '@aws-sdk/client-opensearch';
import { policyUndo, step } from '../../undo/steps';
import type { UndoTable } from '../../undo/types';

/** The domain access policy is set back as it was ("" when the fix removed it). */
export const undo: UndoTable = {
  'opensearch_domain.public': policyUndo({
    field: 'AccessPolicies',
    read: async (resource, ctx) =>
      (
        await ctx
          .client(OpenSearchClient, 'OpenSearch')
          .send(new DescribeDomainConfigCommand({ DomainName: resource.id }))
      ).DomainConfig?.AccessPolicies?.Options ?? '',
    write: (resource, ctx, AccessPolicies) =>
      step(ctx.client(OpenSearchClient, 'OpenSearch'), 'OpenSearch', UpdateDomainConfigCommand, {
        DomainName: resource.id,
        AccessPolicies,
      }),
  }),
};
