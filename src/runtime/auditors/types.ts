import type { CheckId } from '../contracts/checks';
import type { ResourceMessage, ResourceType } from '../contracts/message';
import type { ResolvedSettings } from '../contracts/settings';
import type { ClientClass } from '../aws/clients';
import type { Tags } from './decision';

/**
 * What an auditor gets to work with for one resource: clients in the resource's account and region,
 * the settings, and what is known about other accounts. Whether a fix is made, and whether the resource
 * is excepted, is not the auditor's to decide: the remediator settles that.
 */
export interface AuditContext {
  readonly settings: ResolvedSettings;
  /** The SDK client of a service in the resource's account and region, with the member role's credentials. */
  client<C>(Client: ClientClass<C>, serviceId: string): C;
  /** Whether an account is the resource's own, named in settings, or in a configured organization. */
  isKnownAccount(account: string): Promise<boolean>;
  /** The ids (o-...) of the configured organizations (empty when none are). */
  organizationIds(): Promise<ReadonlySet<string>>;
  now(): Date;
  /**
   * The resource cannot be judged yet (a database still being created): audit it again later. The
   * remediator sends the message again with a delay, a bounded number of times; the checks not found
   * failing count as not judged.
   */
  recheckLater(reason: string): void;
}

/** A failed check, as an auditor found it, with the fix that would correct it. */
export interface Violation {
  readonly check: CheckId;
  /** What is wrong, naming the offending grant, statement or setting. */
  readonly message: string;
  /** What the fix does, e.g. "remove 2 public policy statements". */
  readonly action: string;
  /**
   * Makes the fix and resolves to the state it replaced (kept as the finding's `before`), or to a
   * {@link Fixed} with the state it left as well (the finding's `after`, which `undo` compares with
   * the resource before it restores anything). Absent when the check is reported only. Fixes of one
   * resource run one after another, in the order given: each one's `before` is what the previous left.
   */
  readonly fix?: () => Promise<unknown>;
}

/** What a fix replaced and what it left, in the same shape (the finding's `before` and `after`). */
export class Fixed {
  constructor(
    readonly before: unknown,
    readonly after: unknown,
  ) {}
}

/** The resource no longer exists (or is not the account's own): no finding, nothing to fix. */
export const GONE = { gone: true } as const;

/**
 * What an auditor found: the resource's tags (for the exception tag) and the checks it fails. Every
 * other check of the type passed, unless the auditor asked for a recheck.
 */
export type Inspection = typeof GONE | { readonly tags: Tags; readonly violations: readonly Violation[] };

/**
 * An auditor: reads one resource and says what is wrong with it, with the fix for each violation. It
 * does not decide whether a fix is made, publish, log or read the environment: the remediator settles
 * the violations (exceptions, dry run, applying, `before`) and treats the type's not-found errors as
 * {@link GONE}. The type's checks and IAM actions are in its manifest (`src/runtime/types/<type>`).
 */
export interface Auditor {
  readonly type: ResourceType;
  inspect(resource: ResourceMessage, ctx: AuditContext): Promise<Inspection>;
}
