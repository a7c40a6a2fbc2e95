import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { clientConfig } from '../runtime/aws/client-config';
import { AMBIENT_CREDENTIALS, MemberClients } from '../runtime/aws/clients';
import { memberCredentialsFor } from '../runtime/aws/credentials';
import type { ResolvedSettings } from '../runtime/contracts/settings';
import { describeError } from '../runtime/aws/errors';
import { runFailure } from '../runtime/aws/failures';
import { ConfigurationError } from '../runtime/errors';
import { DynamoFindingStore } from '../runtime/findings/store';

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
 * The findings store in table `name`, in the caller's account and region, checked to exist first
 * (DescribeTable): a wrong name fails in one line before anything is read or written.
 */
export async function tableStore(name: string, env = process.env): Promise<DynamoFindingStore> {
  const { DynamoDBClient, DescribeTableCommand } = await import('@aws-sdk/client-dynamodb');
  const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
  const client = new DynamoDBClient({ ...clientConfig('DynamoDB', env), region });
  try {
    await client.send(new DescribeTableCommand({ TableName: name }));
  } catch (error) {
    const failure = runFailure(error);
    if (failure !== undefined) throw new ConfigurationError(failure, { cause: error });
    throw new ConfigurationError(
      `--table ${name}: ${describeError(error)} (in ${region}); give the findings table's name (the master's findingsTableName output) and its region in AWS_REGION`,
      { cause: error },
    );
  }
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return new DynamoFindingStore(documents, name);
}
