import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';

/** The security ("master") account: moto's default account, that of the dummy credentials. */
export const MASTER = '123456789012';
/** The member accounts of the settings (also the known accounts). */
export const ACCOUNTS = ['111111111111', '222222222222'] as const;
/** An account named nowhere in the settings. */
export const STRANGER = '333333333333';
/** The watched regions; the first is the home region, where global resources are reported. */
export const REGIONS = ['us-east-1', 'eu-west-1'] as const;
export const HOME = REGIONS[0];

export const MEMBER_ROLE = 'member_remediator';
export const EXTERNAL_ID = 'e2e-external-id';

/** The other member account: a known account that legitimate statements and shares name. */
export const otherAccount = (account: string) => (account === ACCOUNTS[0] ? ACCOUNTS[1] : ACCOUNTS[0]);

/** Dummy credentials of the security account; moto accepts any. */
const MASTER_CREDENTIALS: AwsCredentialIdentity = {
  accessKeyId: 'AKIAE2EMASTEREXAMPLE',
  secretAccessKey: 'e2e-secret',
};

/** The environment the CLI and the Lambda bundles run with: every call goes to `endpoint`. */
export function awsEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: MASTER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MASTER_CREDENTIALS.secretAccessKey,
    AWS_REGION: HOME,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    // No profile of the machine's own may take part.
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  };
}

/**
 * SDK clients in any account and region of the moto server, for seeding and reading back: an
 * administrator role is assumed in each member account; the security account uses the dummy
 * credentials directly. moto's STS hands out credentials for any role of any 12-digit account,
 * without checking that the role exists or trusts the caller (AWS does both), and keys the caller's
 * account on them: so the member role the package assumes needs no seeding either.
 */
export class Accounts {
  private readonly sessions = new Map<string, Promise<AwsCredentialIdentity>>();

  constructor(readonly endpoint: string) {}

  /** Forgets the sessions (after the server was reset, it no longer knows their keys). */
  forget(): void {
    this.sessions.clear();
  }

  credentials(account: string): Promise<AwsCredentialIdentity> {
    if (account === MASTER) return Promise.resolve(MASTER_CREDENTIALS);
    let session = this.sessions.get(account);
    if (!session) {
      const sts = new STSClient({ endpoint: this.endpoint, region: HOME, credentials: MASTER_CREDENTIALS });
      session = sts
        .send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
            RoleSessionName: 'e2e-seed',
          }),
        )
        .then(({ Credentials: c }) => ({
          accessKeyId: c!.AccessKeyId!,
          secretAccessKey: c!.SecretAccessKey!,
          sessionToken: c!.SessionToken!,
        }));
      this.sessions.set(account, session);
    }
    return session;
  }

  /** A client of `Client` in `account` and `region`. */
  client<C>(
    Client: new (config: {
      endpoint: string;
      region: string;
      credentials: () => Promise<AwsCredentialIdentity>;
      forcePathStyle?: boolean;
    }) => C,
    account: string,
    region: string,
  ): C {
    return new Client({
      endpoint: this.endpoint,
      region,
      credentials: () => this.credentials(account),
      forcePathStyle: true,
    });
  }
}

/**
 * Calls an EventBridge action in the JSON protocol. No EventBridge client is among the package's
 * dependencies, and moto does not check signatures: the request names the caller's access key and
 * region in an Authorization header, unsigned.
 */
export async function eventBridge(
  endpoint: string,
  accounts: Accounts,
  account: string,
  region: string,
  action: string,
  input: unknown,
): Promise<Record<string, unknown>> {
  const { accessKeyId, sessionToken } = await accounts.credentials(account);
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSEvents.${action}`,
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/${region}/events/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
      ...(sessionToken ? { 'x-amz-security-token': sessionToken } : {}),
    },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`EventBridge ${action}: HTTP ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
}

/**
 * Calls a CloudFormation action in the query protocol (form parameters in, XML out), as
 * {@link eventBridge} calls EventBridge: no CloudFormation client is among the package's dependencies.
 * `params` are the flattened query parameters (`Parameters.member.1.ParameterKey`, ...). Returns the
 * response's XML.
 */
export async function cloudFormation(
  endpoint: string,
  accounts: Accounts,
  account: string,
  region: string,
  action: string,
  params: Record<string, string>,
): Promise<string> {
  const { accessKeyId, sessionToken } = await accounts.credentials(account);
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/${region}/cloudformation/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
      ...(sessionToken ? { 'x-amz-security-token': sessionToken } : {}),
    },
    body: new URLSearchParams({ Action: action, Version: '2010-05-15', ...params }).toString(),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`CloudFormation ${action}: HTTP ${response.status}: ${text}`);
  return text;
}
