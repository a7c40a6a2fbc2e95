import { LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

export const lister: Lister = listing({
  type: 'lambda_function',
  client: LambdaClient,
  serviceId: 'Lambda',
  paginate: paginateListFunctions,
  input: {},
  next: (p) => p.NextMarker,
  items: (p) => p.Functions,
  id: (fn) => fn.FunctionName,
});
