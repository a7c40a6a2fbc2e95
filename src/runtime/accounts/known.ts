import type { ResolvedSettings } from '../contracts/settings';
import type { ClientSource } from '../aws/clients';
import { describeOrganizationId, listOrganizationAccounts } from './organizations';

/** Known accounts and the ids of the configured organizations. */
export interface KnownSet {
  readonly accounts: ReadonlySet<string>;
  readonly organizationIds: ReadonlySet<string>;
}

export interface KnownAccountsOptions {
  readonly settings: ResolvedSettings;
  /** Clients in the management accounts (the member role is deployed there too). */
  readonly clients: ClientSource;
  /** How long organization members are remembered. Default 15 minutes. */
  readonly ttlMs?: number;
  readonly now?: () => number;
}

/**
 * The accounts that count as "known" when a resource is shared: those in settings (`accounts`,
 * `devAccounts`, `organizationAccounts`, `guardDutyAdminAccount`), and every member of the
 * organizations whose management accounts are listed in `organizationAccounts` (Organizations
 * ListAccounts, remembered for the life of the container, `ttlMs` at most).
 *
 * A failed ListAccounts is thrown, never taken for an empty organization: treating the
 * organization's own accounts as strangers would remove their legitimate shares.
 */
export class KnownAccounts {
  private readonly listedAccounts: ReadonlySet<string>;
  private members?: { promise: Promise<KnownSet>; loadedAt: number };

  constructor(private readonly options: KnownAccountsOptions) {
    const { settings } = options;
    this.listedAccounts = new Set([
      ...settings.accounts,
      ...settings.devAccounts,
      ...settings.organizationAccounts,
      ...(settings.guardDutyAdminAccount ? [settings.guardDutyAdminAccount] : []),
    ]);
  }

  /** The accounts named in settings; no AWS call. */
  get listed(): ReadonlySet<string> {
    return this.listedAccounts;
  }

  /** Whether organizations are configured, so that {@link all} may know more than {@link listed}. */
  get usesOrganizations(): boolean {
    return this.options.settings.organizationAccounts.length > 0;
  }

  /** Listed accounts and every member of the configured organizations, with the organizations' ids. */
  async all(): Promise<KnownSet> {
    if (!this.usesOrganizations) return { accounts: this.listedAccounts, organizationIds: new Set() };
    const now = (this.options.now ?? Date.now)();
    const ttl = this.options.ttlMs ?? 15 * 60_000;
    if (this.members && now - this.members.loadedAt < ttl) return this.members.promise;
    const entry = { promise: this.load(), loadedAt: now };
    this.members = entry;
    try {
      return await entry.promise;
    } catch (error) {
      if (this.members === entry) this.members = undefined;
      throw error;
    }
  }

  /** Whether an account is known; asks Organizations only when settings do not name it. */
  async has(account: string): Promise<boolean> {
    if (this.listedAccounts.has(account)) return true;
    return (await this.all()).accounts.has(account);
  }

  /** Forgets the organization members (tests). */
  clear(): void {
    this.members = undefined;
  }

  private async load(): Promise<KnownSet> {
    const { settings, clients } = this.options;
    const home = settings.regions[0] ?? 'us-east-1';
    const loaded = await Promise.all(
      settings.organizationAccounts.map(async (management) => {
        const [members, id] = await Promise.all([
          listOrganizationAccounts(clients, management, home),
          describeOrganizationId(clients, management, home),
        ]);
        return { members, id };
      }),
    );
    return {
      // Every status counts: a suspended member is still the organization's, not a stranger.
      accounts: new Set([
        ...this.listedAccounts,
        ...loaded.flatMap((o) => o.members.flatMap((a) => (a.Id ? [a.Id] : []))),
      ]),
      organizationIds: new Set(loaded.flatMap((o) => (o.id ? [o.id] : []))),
    };
  }
}
