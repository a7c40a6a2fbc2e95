import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { type ClientConfig, clientConfig } from './client-config';

/** The configuration every cached client is built with. */
export type MemberClientConfig = ClientConfig & {
  readonly region: string;
  /** Undefined: the SDK's default credential chain (the CLI's `--no-assume-role`). */
  readonly credentials?: AwsCredentialIdentityProvider;
};

/** An SDK client class (`SQSClient`, `S3Client`, ...). */
export type ClientClass<C> = new (config: MemberClientConfig) => C;

/** Where SDK clients of member accounts come from; tests pass a recording fake. */
export interface ClientSource {
  /**
   * The client of `serviceId` (the SDK's service id, e.g. "SQS", "S3", "EC2"; it selects
   * `AWS_ENDPOINT_URL_<SERVICE>`) for `account` in `region`.
   */
  get<C>(Client: ClientClass<C>, serviceId: string, account: string, region: string): C;
}

/** Credentials for an account's clients: the member role's ({@link MemberCredentials}), or ambient. */
export interface CredentialSource {
  provider(account: string, region: string): AwsCredentialIdentityProvider | undefined;
}

/** Credentials of the SDK's default chain for every account (the caller's own). */
export const AMBIENT_CREDENTIALS: CredentialSource = { provider: () => undefined };

/**
 * SDK clients of member accounts, one per service, account and region, created on first use with the
 * member role's credentials from one credential cache: every client of an account shares one session.
 */
export class MemberClients implements ClientSource {
  private readonly clients = new Map<string, unknown>();

  constructor(
    private readonly credentials: CredentialSource,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  get<C>(Client: ClientClass<C>, serviceId: string, account: string, region: string): C {
    const key = `${serviceId}/${account}/${region}`;
    let client = this.clients.get(key) as C | undefined;
    if (client === undefined) {
      const credentials = this.credentials.provider(account, region);
      client = new Client({
        ...clientConfig(serviceId, this.env),
        region,
        ...(credentials ? { credentials } : {}),
      });
      this.clients.set(key, client);
    }
    return client;
  }

  /** Forgets every client (tests). */
  clear(): void {
    this.clients.clear();
  }
}
