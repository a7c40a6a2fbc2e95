/** KMS keys (id: the key id): the key policy, stateful like KMS. */
import {
  ACCOUNT,
  accountStatement,
  STRANGER,
  policy,
  publicStatement,
  REGION,
  resource,
  type Scenario,
} from '../../../helpers/resources';
import { awsError, type SentCommand, type World } from '../../../helpers/aws';
import { type ListingFixture, NEXT_MARKER } from '../../../helpers/listing';

export const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';

export function kmsWorld(
  options: {
    policy?: object;
    manager?: 'CUSTOMER' | 'AWS';
    tags?: Record<string, string>;
    exists?: boolean;
  } = {},
): World {
  let policyText = JSON.stringify(options.policy ?? policy());
  return {
    'KMS.DescribeKey': () => {
      if (options.exists === false) throw awsError('NotFoundException', `Key '${KEY_ID}' does not exist`);
      return {
        KeyMetadata: {
          KeyId: KEY_ID,
          Arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${KEY_ID}`,
          KeyManager: options.manager ?? 'CUSTOMER',
          KeyState: 'Enabled',
          Enabled: true,
        },
      };
    },
    'KMS.GetKeyPolicy': () => ({ Policy: policyText, PolicyName: 'default' }),
    'KMS.ListResourceTags': {
      Tags: Object.entries(options.tags ?? {}).map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
      Truncated: false,
    },
    'KMS.PutKeyPolicy': (input: { Policy: string }) => {
      policyText = input.Policy;
      return {};
    },
  };
}

export function keyAdminStatement() {
  return {
    Sid: 'Enable IAM User Permissions',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    Action: 'kms:*',
    Resource: '*',
  };
}

export const noncompliant: Scenario = {
  resource: resource('kms_key', KEY_ID),
  world: () =>
    kmsWorld({
      policy: policy(
        keyAdminStatement(),
        publicStatement('Everyone', 'kms:Decrypt'),
        accountStatement('Stranger', 'kms:Decrypt', STRANGER),
      ),
    }),
  failing: ['kms_key.public_policy', 'kms_key.shared_unknown_account'],
};

export const listing: ListingFixture = {
  typical: { kms_key: [0, 4], aws_managed_key: [2, 2] },
  responders: (estate) => ({
    'KMS.ListKeys': (input: Record<string, unknown>, call: SentCommand) => {
      const keys = [...estate.ids('kms_key', call), ...estate.ids('aws_managed_key', call)].map((KeyId) => ({
        KeyId,
      }));
      return estate.page(keys, 'Keys', { ...NEXT_MARKER, truncated: 'Truncated' }, input);
    },
    'KMS.ListAliases': (input: Record<string, unknown>, call: SentCommand) => {
      const aliases = [
        ...estate.ids('kms_key', call).map((TargetKeyId) => ({
          AliasName: `alias/app-${TargetKeyId}`,
          TargetKeyId,
        })),
        ...estate
          .ids('aws_managed_key', call)
          .map((TargetKeyId) => ({ AliasName: 'alias/aws/ebs', TargetKeyId })),
        { AliasName: 'alias/unused' },
      ];
      return estate.page(aliases, 'Aliases', { ...NEXT_MARKER, truncated: 'Truncated' }, input);
    },
  }),
};
