import type { ResourceMessage } from '../contracts/message';
import type { ResolvedSettings } from '../contracts/settings';
import { describeError, isAwsError } from '../aws/errors';
import { exceptionReason, remediationEnabled, type Tags } from '../auditors/decision';
import { Fixed, GONE, type Violation } from '../auditors/types';
import { ConcurrentChangeError, PartialFixError } from '../errors';
import { type Finding, type RemediationStatus, findingId } from '../findings/finding';
import type { Trigger } from '../contracts/message';
import type { CheckSpec } from '../types/manifest';

/** When an audit saw the resource, and what made it audit it. */
export interface Observation {
  readonly at: Date;
  readonly trigger: Trigger;
}

/**
 * Turns an auditor's violations into findings: an excepted resource is never changed (status
 * `excepted`), a check without remediation on is only reported (`dry_run`), a check without a fix is
 * `not_available`; otherwise the fix runs and the finding is `applied` with `before`, or `failed` with
 * the error. A failed fix does not stop the next one. A fix that finds the resource gone (one of the
 * type's not-found errors) ends the audit with {@link GONE}; one that finds it changed since it was
 * read throws, so the record is audited again.
 */
export async function settle(
  checks: readonly CheckSpec[],
  resource: ResourceMessage,
  settings: ResolvedSettings,
  tags: Tags,
  violations: readonly Violation[],
  notFound: readonly string[] = [],
  observed: Observation = { at: new Date(), trigger: 'poll' },
): Promise<Finding[] | typeof GONE> {
  const findings: Finding[] = [];
  const excepted = exceptionReason(settings, resource, tags);
  for (const violation of violations) {
    const definition = checks.find((c) => c.id === violation.check);
    if (!definition)
      throw new Error(`auditor reported ${violation.check}, which its manifest does not declare`);
    if (violation.fix && definition.fix === undefined) {
      throw new Error(
        `auditor has a fix for ${violation.check}, which its manifest declares as reported only`,
      );
    }
    const base = {
      id: findingId(violation.check, resource),
      check: violation.check,
      severity: definition.severity,
      resource,
      message: violation.message,
      ...(definition.compliance ? { compliance: definition.compliance } : {}),
    };
    const when = { observedAt: observed.at.toISOString(), trigger: observed.trigger };
    const remediation = (status: RemediationStatus, reason?: string) => ({
      action: violation.action,
      status,
      ...(reason === undefined ? {} : { reason }),
    });

    if (excepted !== undefined) {
      findings.push({ ...base, remediation: remediation('excepted', `excepted: ${excepted}`), ...when });
    } else if (!violation.fix) {
      findings.push({ ...base, remediation: remediation('not_available'), ...when });
    } else if (!remediationEnabled(settings, violation.check)) {
      findings.push({ ...base, remediation: remediation('dry_run'), ...when });
    } else {
      try {
        const result = await violation.fix();
        const { before, after } = result instanceof Fixed ? result : { before: result, after: undefined };
        findings.push({
          ...base,
          remediation: remediation('applied'),
          before,
          ...(after !== undefined ? { after } : {}),
          ...(definition.notUndoable ? { notUndoable: definition.notUndoable } : {}),
          ...when,
        });
      } catch (error) {
        if (error instanceof ConcurrentChangeError) throw error;
        if (notFound.length > 0 && isAwsError(error, ...notFound)) return GONE;
        if (error instanceof PartialFixError) {
          findings.push({
            ...base,
            remediation: remediation('failed', error.message),
            before: error.before,
            ...when,
          });
        } else {
          findings.push({ ...base, remediation: remediation('failed', describeError(error)), ...when });
        }
      }
    }
  }
  return findings;
}
