import { LambdaClient, paginateListLayerVersions, paginateListLayers } from '@aws-sdk/client-lambda';
import type { ListContext, ListedResource, Lister } from '../../poller/listers';

/**
 * Every version of every layer (each version has a policy of its own): ListLayers, then each layer's
 * ListLayerVersions, the layers at once.
 */
export const lister: Lister = {
  types: ['lambda_layer'],
  async *list(ctx: ListContext): AsyncGenerator<ListedResource> {
    const client = ctx.client(LambdaClient, 'Lambda');
    const layers: string[] = [];
    const open = (startingToken: string | undefined) => paginateListLayers({ client, startingToken }, {});
    for await (const page of ctx.pages(open, (p) => p.NextMarker)) {
      for (const layer of page.Layers ?? []) if (layer.LayerName) layers.push(layer.LayerName);
    }
    const versions = await Promise.all(
      layers.map(async (LayerName) => {
        const found: ListedResource[] = [];
        const pages = ctx.pages(
          (startingToken) => paginateListLayerVersions({ client, startingToken }, { LayerName }),
          (p) => p.NextMarker,
        );
        for await (const page of pages) {
          for (const version of page.LayerVersions ?? []) {
            if (version.LayerVersionArn)
              found.push({ type: 'lambda_layer', id: version.LayerVersionArn, name: LayerName });
          }
        }
        return found;
      }),
    );
    yield* versions.flat();
  },
};
