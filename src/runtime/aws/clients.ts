import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { type ClientConfig, clientConfig } from './client-config';
import type { MemberCredentials } from './credentials';

/** The configuration every cached client is built with. */
export type MemberClientConfig = ClientConfig & {
  readonly region: string;
  readonly credentials: AwsCredentialIdentityProvider;
};

/** An SDK client class (`SQSClient`, `S3Client`, ...). */
export type ClientClass<C> = new (config: MemberClientConfig) => C;

/**
 * SDK clients of member accounts, one per service, account and region, created on first use with the
 * member role's credentials from one {@link MemberCredentials} cache.
 */
export class MemberClients {
  private readonly clients = new Map<string, unknown>();

  constructor(
    private readonly credentials: MemberCredentials,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /**
   * The client of `serviceId` (the SDK's service id, e.g. "SQS", "S3", "EC2"; it selects
   * `AWS_ENDPOINT_URL_<SERVICE>`) for `account` in `region`.
   */
  get<C>(Client: ClientClass<C>, serviceId: string, account: string, region: string): C {
    const key = `${serviceId}/${account}/${region}`;
    let client = this.clients.get(key) as C | undefined;
    if (client === undefined) {
      client = new Client({
        ...clientConfig(serviceId, this.env),
        region,
        credentials: this.credentials.provider(account, region),
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
