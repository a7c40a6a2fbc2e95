import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { clientConfig } from '../runtime/aws/client-config';
import { AMBIENT_CREDENTIALS, MemberClients } from '../runtime/aws/clients';
import { memberCredentialsFor } from '../runtime/aws/credentials';
import type { ResolvedSettings } from '../runtime/contracts/settings';
import { describeError } from '../runtime/aws/errors';
import { runFailure } from '../runtime/aws/failures';
import { ConfigurationError } from '../runtime/errors';
import { DynamoFindingStore } from '../runtime/findings/store';
import { TABLE_ACTIONS, verifyTable } from './findings';

/**
 * Clients in member accounts for a command: with the member role assumed in each account from the
 * caller's credentials (as the functions do), or with the caller's own credentials (`--no-assume-role`).
 */
export function commandClients(
  settings: ResolvedSettings,
  assumeRole: boolean,
  env = process.env,
): MemberClients {
  if (!assumeRole) return new MemberClients(AMBIENT_CREDENTIALS, env);
  const sts = new STSClient({ ...clientConfig('STS', env), region: env.AWS_REGION || settings.regions[0] });
  return new MemberClients(memberCredentialsFor(settings, sts, 'aws-remediation-cli'), env);
}

/**
 * Fails with one line saying what to do when no credentials can be found (before any message is
 * read): otherwise every message would fail the same way.
 */
export async function ensureCredentials(env = process.env): Promise<void> {
  const sts = new STSClient({ ...clientConfig('STS', env), region: env.AWS_REGION || 'us-east-1' });
  try {
    await sts.config.credentials();
  } catch (error) {
    throw new ConfigurationError(
      runFailure(error) ?? `cannot load AWS credentials: ${describeError(error)}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * The account of the caller's own credentials (STS GetCallerIdentity). With `timeoutMs`, one attempt
 * that gives up after that long.
 */
export async function callerAccount(
  env = process.env,
  options: { timeoutMs?: number } = {},
): Promise<string> {
  const quick = options.timeoutMs
    ? {
        maxAttempts: 1,
        requestHandler: { connectionTimeout: options.timeoutMs, requestTimeout: options.timeoutMs },
      }
    : {};
  const sts = new STSClient({ ...clientConfig('STS', env), region: env.AWS_REGION || 'us-east-1', ...quick });
  const { Account } = await sts.send(new GetCallerIdentityCommand({}));
  if (!Account) throw new Error('STS GetCallerIdentity returned no account');
  return Account;
}

/**
 * The findings store in the DynamoDB table `table`, with the caller's own credentials, in the
 * region of `AWS_REGION` (else `fallbackRegion`: the first region of the settings), as every command's
 * own calls; `AWS_ENDPOINT_URL_DYNAMODB` or `AWS_ENDPOINT_URL` apply. `verify` checks the table before
 * the command starts (see {@link verifyTable}).
 */
export function findingsTable(
  table: string,
  fallbackRegion: string,
  env = process.env,
): {
  store: DynamoFindingStore;
  region: string;
  verify: (command: keyof typeof TABLE_ACTIONS) => Promise<void>;
} {
  const region = env.AWS_REGION || fallbackRegion;
  const dynamodb = new DynamoDBClient({ ...clientConfig('DynamoDB', env), region });
  const documents = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    store: new DynamoFindingStore(documents, table),
    region,
    verify: (command) => verifyTable(dynamodb, table, region, command),
  };
}
