import { defineType } from '../manifest';
import { req, res } from '../../events/ids';

/** A KMS key id from a key id or key ARN (aliases cannot carry a policy and are ignored). */
function kmsKeyId(value: string | undefined): string[] {
  if (value === undefined || value.startsWith('alias/') || value.includes(':alias/')) return [];
  return [value.includes(':key/') ? value.slice(value.indexOf(':key/') + 5) : value];
}

/** Customer-managed KMS keys (id: the key id): the key policy must not let anyone, or an
 * unknown account, use or manage the key. */
export const kmsKey = defineType({
  type: 'kms_key',
  id: 'the key id',
  checks: [
    {
      id: 'kms_key.public_policy',
      severity: 'critical',
      title: 'KMS key policy allows anyone',
      fix: 're-point the public statements to the account root; the rest stays',
    },
    {
      id: 'kms_key.shared_unknown_account',
      severity: 'high',
      title: 'KMS key policy grants an unknown account',
      fix: 'take the unknown accounts and organizations out of the key policy; the others stay',
      consent: 'named',
    },
  ],
  readActions: ['kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:ListResourceTags'],
  remediateActions: ['kms:PutKeyPolicy'],
  notFound: ['NotFoundException'],
  events: [
    {
      eventSource: 'kms.amazonaws.com',
      eventNames: ['CreateKey'],
      ids: (d) => kmsKeyId(res(d, 'keyMetadata', 'keyId')),
    },
    { eventSource: 'kms.amazonaws.com', eventNames: ['PutKeyPolicy'], ids: (d) => kmsKeyId(req(d, 'keyId')) },
  ],
  listing: {
    actions: ['kms:ListKeys', 'kms:ListAliases'],
    load: async () => (await import('./lister')).lister,
  },
  securityHub: {
    resourceType: 'AwsKmsKey',
    arn: (r, p) => `arn:${p}:kms:${r.region}:${r.account}:key/${r.id}`,
  },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['kms:PutKeyPolicy'],
});
