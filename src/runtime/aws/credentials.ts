import type { AssumeRoleCommand, AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import { type Lazy, resolveLazy } from '../lazy';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { AssumeRoleError } from '../errors';

/** The part of an STS client this module uses, so tests can pass a stub. */
export interface StsSender {
  send(command: AssumeRoleCommand): Promise<AssumeRoleCommandOutput>;
}

export interface MemberCredentialsOptions {
  /** The STS client, or a function that makes it on first use. */
  readonly sts: Lazy<StsSender>;
  /** The member role's name (settings `memberRoleName`). */
  readonly roleName: string;
  /** Sent on every AssumeRole when set (settings `externalId`). */
  readonly externalId?: string;
  /** Shows in the member account's CloudTrail as the session name. */
  readonly sessionName: string;
  /** Session length asked of STS. Default 3600 s (the longest a role chain allows). */
  readonly durationSeconds?: number;
  /** Credentials are renewed this long before they expire. Default 5 minutes. */
  readonly refreshBeforeMs?: number;
  /** Replaceable in tests. */
  readonly now?: () => number;
}

/** The AWS partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

interface Entry {
  readonly promise: Promise<AwsCredentialIdentity & { expiration: Date }>;
  expiresAt?: number;
}

/**
 * Credentials of the member role, one session per account (and partition), shared by every client of
 * that account: auditing a thousand resources of an account costs one AssumeRole, not one per client.
 * Sessions are renewed before they expire; concurrent callers wait for the same AssumeRole; a failed
 * AssumeRole is not remembered, so the next record tries again.
 */
export class MemberCredentials {
  private readonly entries = new Map<string, Entry>();
  private assumeRoleCalls = 0;

  constructor(private readonly options: MemberCredentialsOptions) {}

  /** AssumeRole calls made so far. */
  get calls(): number {
    return this.assumeRoleCalls;
  }

  roleArn(account: string, region: string): string {
    return `arn:${partitionOf(region)}:iam::${account}:role/${this.options.roleName}`;
  }

  /** The member role's credentials in `account`, assumed on first use and renewed before expiry. */
  async get(account: string, region: string): Promise<AwsCredentialIdentity> {
    const key = `${partitionOf(region)}/${account}`;
    const now = (this.options.now ?? Date.now)();
    const refreshBefore = this.options.refreshBeforeMs ?? 5 * 60_000;
    const cached = this.entries.get(key);
    if (cached && (cached.expiresAt === undefined || cached.expiresAt - refreshBefore > now))
      return cached.promise;

    const entry: Entry = { promise: this.assume(account, region) };
    this.entries.set(key, entry);
    try {
      const credentials = await entry.promise;
      entry.expiresAt = credentials.expiration.getTime();
      return credentials;
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
  }

  /** A credential provider for SDK clients of `account`, backed by this cache. */
  provider(account: string, region: string): AwsCredentialIdentityProvider {
    return () => this.get(account, region);
  }

  /** Forgets every session (tests, or after the role was changed). */
  clear(): void {
    this.entries.clear();
    this.assumeRoleCalls = 0;
  }

  private async assume(
    account: string,
    region: string,
  ): Promise<AwsCredentialIdentity & { expiration: Date }> {
    const roleArn = this.roleArn(account, region);
    this.assumeRoleCalls += 1;
    let output: AssumeRoleCommandOutput;
    try {
      const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
      output = await (
        await resolveLazy(this.options.sts)
      ).send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: this.options.sessionName,
          DurationSeconds: this.options.durationSeconds ?? 3600,
          ...(this.options.externalId ? { ExternalId: this.options.externalId } : {}),
        }),
      );
    } catch (error) {
      throw new AssumeRoleError(account, roleArn, error);
    }
    const c = output.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
      throw new AssumeRoleError(account, roleArn, new Error('STS returned no credentials'));
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: new Date(c.Expiration),
    };
  }
}

/** The member-role credential cache a function or command uses, from settings. */
export function memberCredentialsFor(
  settings: { readonly memberRoleName: string; readonly externalId?: string | undefined },
  sts: Lazy<StsSender>,
  sessionName: string,
): MemberCredentials {
  return new MemberCredentials({
    sts,
    roleName: settings.memberRoleName,
    ...(settings.externalId ? { externalId: settings.externalId } : {}),
    sessionName,
  });
}
