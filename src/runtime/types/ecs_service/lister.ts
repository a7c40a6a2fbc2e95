import {
  ECSClient,
  paginateListClusters,
  paginateListServices,
  paginateListTasks,
} from '@aws-sdk/client-ecs';
import type { ListContext, ListedResource, Lister } from '../../poller/listers';

/** Every item of every page. */
async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[]): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...items(page));
  return all;
}

/** ECS services and running tasks, cluster by cluster: one listing of the clusters serves both types. */
export const lister: Lister = {
  types: ['ecs_service', 'ecs_task'],
  async *list(ctx: ListContext): AsyncGenerator<ListedResource> {
    const client = ctx.client(ECSClient, 'ECS');
    const clusters: string[] = [];
    const open = (startingToken: string | undefined) => paginateListClusters({ client, startingToken }, {});
    for await (const page of ctx.pages(open, (p) => p.nextToken)) clusters.push(...(page.clusterArns ?? []));
    // Each cluster's services and tasks are listed at once: the chain is as long as the longest one.
    const found = await Promise.all(
      clusters.flatMap((cluster) => [
        collect(
          ctx.pages(
            (startingToken) => paginateListServices({ client, startingToken, pageSize: 100 }, { cluster }),
            (p) => p.nextToken,
          ),
          (page) => (page.serviceArns ?? []).map((id): ListedResource => ({ type: 'ecs_service', id })),
        ),
        collect(
          ctx.pages(
            (startingToken) =>
              paginateListTasks(
                { client, startingToken, pageSize: 100 },
                { cluster, desiredStatus: 'RUNNING' },
              ),
            (p) => p.nextToken,
          ),
          (page) => (page.taskArns ?? []).map((id): ListedResource => ({ type: 'ecs_task', id })),
        ),
      ]),
    );
    yield* found.flat();
  },
};
