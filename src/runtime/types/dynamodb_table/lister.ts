import { DynamoDBClient, paginateListTables } from '@aws-sdk/client-dynamodb';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';

// ListTables answers up to 100 names a page.
export const lister: Lister = listing({
  type: 'dynamodb_table',
  client: DynamoDBClient,
  serviceId: 'DynamoDB',
  paginate: paginateListTables,
  input: {},
  pageSize: 100,
  next: (p) => p.LastEvaluatedTableName,
  items: (p) => p.TableNames,
  id: (name) => name,
});
