import type { CheckDefinition, CheckId } from '../contracts/checks';
import type { ResourceMessage, ResourceType } from '../contracts/message';
import type { ResolvedSettings } from '../contracts/settings';
import type { ClientClass } from '../aws/clients';
import type { Finding } from '../findings/finding';
import type { Tags } from './decision';

/**
 * What an auditor gets to work with for one resource: clients in the resource's account and region,
 * the settings, and the decisions it must not make itself (remediate or not, excepted or not).
 */
export interface AuditContext {
  readonly settings: ResolvedSettings;
  /** The SDK client of a service in the resource's account and region, with the member role's credentials. */
  client<C>(Client: ClientClass<C>, serviceId: string): C;
  /**
   * Whether remediation is on for a check (settings `remediate`). Exceptions are decided apart, by
   * {@link exceptionReason}, and always win.
   */
  remediate(check: CheckId): boolean;
  /** Why the resource is excepted (by id, account or tag), or undefined when it is not. */
  exceptionReason(tags: Tags): string | undefined;
  /** Whether an account is the resource's own, named in settings, or in a configured organization. */
  isKnownAccount(account: string): Promise<boolean>;
  /** The ids (o-...) of the configured organizations (empty when none are). */
  organizationIds(): Promise<ReadonlySet<string>>;
  now(): Date;
  /**
   * The resource cannot be judged yet (a database still being created): audit it again later. The
   * remediator sends the message again with a delay, a bounded number of times.
   */
  recheckLater(reason: string): void;
}

/**
 * An auditor: the checks of one resource type, the IAM actions they need, and `audit`, which reads the
 * resource, fixes what is wrong when the context says so, and returns the findings. It does not
 * publish, log, or read the environment; a resource that no longer exists yields no finding.
 */
export interface Auditor {
  readonly type: ResourceType;
  readonly checks: readonly CheckDefinition[];
  /** IAM actions `audit` calls in every mode (the member role always has them). */
  readonly readActions: readonly string[];
  /** IAM actions the fixes call (the member role has them only when remediation is enabled). */
  readonly remediateActions: readonly string[];
  audit(resource: ResourceMessage, ctx: AuditContext): Promise<Finding[]>;
}
