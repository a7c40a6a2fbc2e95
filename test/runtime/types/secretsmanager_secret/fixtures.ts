/** Secrets Manager secrets (id: the secret ARN): a secret whose resource policy is stateful like Secrets Manager's. */
import {
  ACCOUNT,
  accountStatement,
  policy,
  publicStatement,
  REGION,
  resource,
  type Scenario,
  STRANGER,
  tagList,
} from '../../../helpers/resources';
import { awsError, type SentCommand, type World } from '../../../helpers/aws';
import { type ListingFixture, NEXT_TOKEN } from '../../../helpers/listing';

export const SECRET_NAME = 'prod/db';
export const SECRET_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${SECRET_NAME}-a1B2c3`;

export function secretsWorld(
  options: {
    policy?: object;
    tags?: Record<string, string>;
    exists?: boolean;
    /** DescribeSecret's other fields (DeletedDate, PrimaryRegion, OwningService). */
    describe?: Record<string, unknown>;
  } = {},
): World {
  // Stateful like Secrets Manager: PutResourcePolicy and DeleteResourcePolicy change what
  // GetResourcePolicy returns next (no ResourcePolicy when the secret has none).
  let policyText = options.policy ? JSON.stringify(options.policy) : undefined;
  const gone = () =>
    awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.", 400);
  return {
    'Secrets Manager.DescribeSecret': () => {
      if (options.exists === false) throw gone();
      return {
        ARN: SECRET_ARN,
        Name: SECRET_NAME,
        Tags: tagList(options.tags),
        ...options.describe,
      };
    },
    'Secrets Manager.GetResourcePolicy': () => {
      if (options.exists === false) throw gone();
      return { ARN: SECRET_ARN, Name: SECRET_NAME, ...(policyText ? { ResourcePolicy: policyText } : {}) };
    },
    'Secrets Manager.PutResourcePolicy': (input: { ResourcePolicy: string }) => {
      policyText = input.ResourcePolicy;
      return { ARN: SECRET_ARN, Name: SECRET_NAME };
    },
    'Secrets Manager.DeleteResourcePolicy': () => {
      policyText = undefined;
      return { ARN: SECRET_ARN, Name: SECRET_NAME };
    },
  };
}

export const noncompliant: Scenario = {
  resource: resource('secretsmanager_secret', SECRET_ARN),
  world: () =>
    secretsWorld({
      policy: policy(
        publicStatement('Open', 'secretsmanager:GetSecretValue'),
        accountStatement('Stranger', 'secretsmanager:GetSecretValue', STRANGER),
      ),
    }),
  failing: ['secretsmanager_secret.public', 'secretsmanager_secret.shared_unknown_account'],
};

export const listing: ListingFixture = {
  // Replicas of secrets of another region are listed by ListSecrets too, and left out.
  typical: { secretsmanager_secret: [0, 10], replica_secret: [0, 1] },
  ids: {
    secretsmanager_secret: (account, region, index) =>
      `arn:aws:secretsmanager:${region}:${account}:secret:app/secret-${index}-Ab${String(index).padStart(4, '0')}`,
  },
  responders: (estate) => ({
    'Secrets Manager.ListSecrets': (input: Record<string, unknown>, call: SentCommand) => {
      const secrets = [
        ...estate.ids('secretsmanager_secret', call).map((ARN) => ({
          ARN,
          Name: ARN.slice(ARN.lastIndexOf(':') + 1, -7),
          PrimaryRegion: call.region,
        })),
        ...estate.ids('replica_secret', call).map((id) => ({
          ARN: `arn:aws:secretsmanager:${call.region}:${call.account}:secret:${id}-Zz9999`,
          Name: id,
          PrimaryRegion: call.region === 'us-west-2' ? 'us-east-2' : 'us-west-2',
        })),
      ];
      return estate.page(secrets, 'SecretList', NEXT_TOKEN, input);
    },
  }),
};
