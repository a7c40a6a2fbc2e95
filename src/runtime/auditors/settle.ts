import type { CheckId } from '../contracts/checks';
import type { ResourceMessage } from '../contracts/message';
import { describeError } from '../aws/errors';
import { RemediationError } from '../errors';
import type { Finding, RemediationStatus } from '../findings/finding';
import type { Tags } from './decision';
import type { AuditContext, Auditor } from './types';

/**
 * A fix failed after changing part of what it meant to: `before` holds the state of the parts it did
 * change, kept in the `failed` finding so they can be undone.
 */
export class PartialFixError extends Error {
  constructor(
    readonly before: unknown,
    cause: unknown,
  ) {
    super(describeError(cause), { cause });
    this.name = 'PartialFixError';
  }
}

/**
 * The resource changed between the audit and the fix (another audit, or its owner). The fix is not
 * made; the error fails the record, so that SQS delivers it again and the resource is audited afresh.
 */
export class ConcurrentChangeError extends RemediationError {
  constructor(what: string) {
    super(`${what} changed while it was being audited; not fixed now, it will be audited again`);
    this.name = 'ConcurrentChangeError';
  }
}

/** A failed check, as an auditor found it, with the fix that would correct it. */
export interface Violation {
  readonly check: CheckId;
  /** What is wrong, naming the offending grant, statement or setting. */
  readonly message: string;
  /** What the fix does, e.g. "remove 2 public policy statements". */
  readonly action: string;
  /**
   * Makes the fix and resolves to the state it replaced (kept as the finding's `before`). Absent when
   * the check is reported only. Fixes of one resource run one after another, in the order given.
   */
  readonly fix?: () => Promise<unknown>;
}

/**
 * Turns an auditor's violations into findings: an excepted resource is never changed (status
 * `excepted`), a check without remediation on is only reported (`dry_run`), a check without a fix is
 * `not_available`; otherwise the fix runs and the finding is `applied` with `before`, or `failed` with
 * the error. A failed fix does not stop the next one.
 */
export async function settle(
  auditor: Pick<Auditor, 'checks'>,
  resource: ResourceMessage,
  ctx: AuditContext,
  tags: Tags,
  violations: readonly Violation[],
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const excepted = ctx.exceptionReason(tags);
  for (const violation of violations) {
    const definition = auditor.checks.find((c) => c.id === violation.check);
    if (!definition) throw new Error(`auditor reported ${violation.check}, which it does not declare`);
    if (violation.fix && definition.fix === undefined) {
      throw new Error(`auditor has a fix for ${violation.check}, which it declares as reported only`);
    }
    const base = {
      check: violation.check,
      severity: definition.severity,
      resource,
      message: violation.message,
    };
    const remediation = (status: RemediationStatus, reason?: string) => ({
      action: violation.action,
      status,
      ...(reason === undefined ? {} : { reason }),
    });

    if (excepted !== undefined) {
      findings.push({ ...base, remediation: remediation('excepted', `excepted: ${excepted}`) });
    } else if (!violation.fix) {
      findings.push({ ...base, remediation: remediation('not_available') });
    } else if (!ctx.remediate(violation.check)) {
      findings.push({ ...base, remediation: remediation('dry_run') });
    } else {
      try {
        const before = await violation.fix();
        findings.push({ ...base, remediation: remediation('applied'), before });
      } catch (error) {
        if (error instanceof ConcurrentChangeError) throw error;
        if (error instanceof PartialFixError) {
          findings.push({ ...base, remediation: remediation('failed', error.message), before: error.before });
        } else {
          findings.push({ ...base, remediation: remediation('failed', describeError(error)) });
        }
      }
    }
  }
  return findings;
}
