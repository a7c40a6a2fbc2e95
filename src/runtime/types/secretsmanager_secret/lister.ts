import { SecretsManagerClient, paginateListSecrets } from '@aws-sdk/client-secrets-manager';
import { tagsFromList } from '../../auditors/tags';
import type { Lister } from '../../poller/listers';
import { listing } from '../../poller/listing';
import { secretArnParts } from './arn';

/**
 * Every secret but replicas: a replica carries its primary's resource policy and cannot be changed
 * itself (https://docs.aws.amazon.com/secretsmanager/latest/userguide/replicate-secrets.html), so it
 * is audited and fixed through its primary, in the primary's region. Secrets scheduled for deletion
 * are not listed (ListSecrets leaves them out unless asked).
 */
export const lister: Lister = listing({
  type: 'secretsmanager_secret',
  client: SecretsManagerClient,
  serviceId: 'Secrets Manager',
  paginate: paginateListSecrets,
  input: {},
  // MaxResults: at most 100 (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_ListSecrets.html).
  pageSize: 100,
  next: (p) => p.NextToken,
  items: (p) => p.SecretList,
  keep: (secret) =>
    !secret.PrimaryRegion || secret.PrimaryRegion === secretArnParts(secret.ARN ?? '')?.region,
  id: (secret) => secret.ARN,
  name: (secret) => secret.Name,
  tags: (secret) => tagsFromList(secret.Tags),
});
