import {
  type ResourceMessage,
  type Trigger,
  messageKey,
  parseResourceMessageJson,
} from '../contracts/message';
import type { ResolvedSettings } from '../contracts/settings';
import { KnownAccounts } from '../accounts/known';

import { type AuditorLookup, lazyRegistry } from '../auditors/lazy';
import { type AuditContext, GONE, type Inspection } from '../auditors/types';
import { isAwsError } from '../aws/errors';
import type { CheckId } from '../contracts/checks';
import { manifestOf } from '../types';
import { type ChangedFinding, type FindingStore, type StoreUpdate, recordAudit } from '../findings/store';
import { settle } from './settle';
import type { ClientSource } from '../aws/clients';
import { describeError } from '../aws/errors';
import { RemediationError } from '../errors';
import type { Finding } from '../findings/finding';
import { DEFAULT_RETENTION_DAYS } from '../findings/lifecycle';
import type { RuntimeLogger } from '../logger';
import type { Notifier } from './notify';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { asffFinding } from '../securityhub/asff';
import { SecurityHubImportError, importFindings } from '../securityhub/export';

/** The logger methods the remediator uses (Powertools' Logger fits). */
export type RemediatorLogger = Pick<RuntimeLogger, 'info' | 'warn'>;

export interface RemediatorOptions {
  readonly settings: ResolvedSettings;
  /** Clients in member accounts (member-role credentials). */
  readonly clients: ClientSource;
  /** Known accounts; by default built from settings and `clients`. */
  readonly knownAccounts?: KnownAccounts;
  /** Where findings are published; none: findings are only logged and returned. */
  readonly notifier?: Notifier;
  readonly logger?: RemediatorLogger;
  /** The auditors; by default every type's, loaded on first use. */
  readonly registry?: AuditorLookup;
  readonly now?: () => Date;
  /**
   * Sends a resource message again, later, when its auditor asked for a recheck (the resource was not
   * ready). None: rechecks are only reported.
   */
  readonly requeue?: (resource: ResourceMessage, attempt: number, trigger: Trigger) => Promise<void>;
  /** What made the audits of this remediator happen when a message does not say (the CLI: `cli`). */
  readonly trigger?: Trigger;
  /**
   * Where each resource's findings are written as soon as they exist, before anything that can fail
   * (the CLI prints them). The log always gets them too.
   */
  readonly record?: (findings: readonly Finding[]) => Promise<void> | void;
  /**
   * Hands findings that could not be published to a later attempt that publishes them without
   * auditing (or fixing) again: the resource queue, with the findings in a message attribute. None:
   * a failed publish fails the record (its findings are in the log and with `record`).
   */
  readonly republish?: (resource: ResourceMessage, pending: PendingFindings) => Promise<void>;
  /**
   * The findings store: with it, each audit moves the stored findings on (open, resolved, excepted)
   * and, with settings `notify: 'changes'` (the default), only what changed is published.
   */
  readonly store?: FindingStore;
  /** How long the store keeps a resolved finding, in days. Default 90. */
  readonly retentionDays?: number;
}

/** Findings an audit could not finish reporting, handed to a later attempt. */
export interface PendingFindings {
  /** Whether the store already has them (then they only need publishing). */
  readonly stored: boolean;
  readonly findings: readonly Finding[];
  /**
   * ASFF findings Security Hub did not take (settings `securityHub`), imported again as they are:
   * the audit that made them is not repeated.
   */
  readonly securityHub?: readonly AwsSecurityFinding[];
}

/** How long a resolved finding stays in the store unless said otherwise, in days (90). */
export { DEFAULT_RETENTION_DAYS };

/** How many times a resource that is not ready is checked again before it is left for the next sweep. */
export const MAX_RECHECKS = 4;

/** What auditing one resource message gave. */
export interface AuditReport {
  readonly resource: ResourceMessage;
  /** False when no auditor covers the type (the message is acknowledged and logged). */
  readonly audited: boolean;
  readonly findings: readonly Finding[];
  /** Why the auditor asked to check the resource again later, and whether it was re-sent. */
  readonly recheck?: { readonly reason: string; readonly attempt: number; readonly requeued: boolean };
  /** Findings that could not be published now and were handed to a later attempt. */
  readonly republished?: number;
  /** The checks of the type the resource passed (none when it is gone or not judged yet). */
  readonly passed?: readonly CheckId[];
  /** The resource no longer exists. */
  readonly gone?: boolean;
  /** With a findings store: what the audit changed in it (new, regressed, fixed, failed, resolved). */
  readonly changes?: readonly ChangedFinding[];
}

/** Findings could not all be published; the record is failed so that SQS delivers it again. */
export class NotificationError extends RemediationError {
  constructor(failed: number, total: number, cause: unknown) {
    super(`${failed} of ${total} findings could not be published: ${describeError(cause)}`, { cause });
    this.name = 'NotificationError';
  }
}

const silent: RemediatorLogger = { info: () => undefined, warn: () => undefined };

/**
 * The remediator: audits one resource message with its type's auditor, in the resource's account,
 * then logs each finding as one JSON line and publishes it. Throws when the message is malformed,
 * the account cannot be reached, the audit fails or a finding cannot be published, so that the caller
 * (the SQS handler) reports the record as failed and SQS retries it, then moves it to the DLQ.
 */
export class Remediator {
  readonly settings: ResolvedSettings;
  readonly knownAccounts: KnownAccounts;
  private readonly registry: AuditorLookup;
  private readonly logger: RemediatorLogger;
  /** Audits of one resource run one after another, so two fixes never race on one policy. */
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(private readonly options: RemediatorOptions) {
    this.settings = options.settings;
    this.knownAccounts =
      options.knownAccounts ?? new KnownAccounts({ settings: options.settings, clients: options.clients });
    this.registry = options.registry ?? lazyRegistry;
    this.logger = options.logger ?? silent;
  }

  /**
   * Parses a queue body or CLI line and audits it. Throws `MessageError` when it is not a message.
   * `attempt` counts the rechecks already made of this resource (a message attribute).
   */
  async handleBody(
    body: string,
    attempt = 0,
    pending?: PendingFindings,
    trigger?: Trigger,
  ): Promise<AuditReport> {
    const resource = parseResourceMessageJson(body);
    if (pending) return this.publishPending(resource, pending);
    return this.audit(resource, attempt, trigger);
  }

  /**
   * Finishes reporting findings an earlier attempt could not, without auditing the resource again
   * (the fix is made, and re-auditing would find nothing to report): stores them when the store did
   * not take them, and publishes. A failure fails the record again.
   */
  async publishPending(resource: ResourceMessage, pending: PendingFindings): Promise<AuditReport> {
    let toPublish: readonly Finding[] = pending.findings;
    if (!pending.stored && this.options.store) {
      toPublish = this.notifications(pending.findings, await this.storeAudit(resource, pending.findings, []));
    }
    const failed = await this.publishAll(toPublish);
    const hub = pending.securityHub ?? [];
    const failedHub = hub.length > 0 ? await importFindings(this.options.clients, hub) : undefined;
    if (failed.errors.length > 0) {
      throw new NotificationError(failed.errors.length, toPublish.length, failed.errors[0]);
    }
    if (failedHub && failedHub.failed.length > 0) {
      throw new SecurityHubImportError(failedHub.failed, hub.length, failedHub.errors[0] ?? '');
    }
    this.logger.info('findings of an earlier audit reported', {
      resource,
      findings: pending.findings.length,
      ...(hub.length > 0 ? { securityHub: hub.length } : {}),
    });
    return { resource, audited: false, findings: pending.findings };
  }

  async audit(
    resource: ResourceMessage,
    attempt = 0,
    trigger: Trigger = this.options.trigger ?? 'poll',
  ): Promise<AuditReport> {
    const key = messageKey(resource);
    const previous = this.running.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.auditNow(resource, attempt, trigger));
    this.running.set(key, run);
    try {
      return await run;
    } finally {
      if (this.running.get(key) === run) this.running.delete(key);
    }
  }

  /** The context an auditor gets for one resource. */
  contextFor(resource: ResourceMessage, onRecheck: (reason: string) => void = () => undefined): AuditContext {
    const { settings, clients } = this.options;
    const known = this.knownAccounts;
    return {
      settings,
      client: (Client, serviceId) => clients.get(Client, serviceId, resource.account, resource.region),
      isKnownAccount: async (account) => account === resource.account || known.has(account),
      organizationIds: async () => (await known.all()).organizationIds,
      now: this.options.now ?? (() => new Date()),
      recheckLater: onRecheck,
    };
  }

  private async auditNow(resource: ResourceMessage, attempt: number, trigger: Trigger): Promise<AuditReport> {
    const manifest = manifestOf(resource.type);
    const auditor = manifest ? await this.registry.find(resource.type) : undefined;
    if (!manifest || !auditor) {
      this.logger.warn('no auditor for this resource type; message acknowledged', { resource });
      return { resource, audited: false, findings: [] };
    }
    let reason: string | undefined;
    const notFound = manifest.notFound ?? [];
    let inspection: Inspection;
    try {
      inspection = await auditor.inspect(
        resource,
        this.contextFor(resource, (r) => (reason = r)),
      );
    } catch (error) {
      if (!isAwsError(error, ...notFound)) throw error;
      inspection = GONE;
    }
    const settled =
      'gone' in inspection
        ? GONE
        : await settle(
            manifest.checks,
            resource,
            this.settings,
            inspection.tags,
            inspection.violations,
            notFound,
            { at: (this.options.now ?? (() => new Date()))(), trigger },
          );
    if ('gone' in settled) {
      // Every stored finding of a resource that no longer exists is resolved.
      const all = manifest.checks.map((c) => c.id as CheckId);
      const { republished, changes } = await this.report(resource, [], all);
      return {
        resource,
        audited: true,
        findings: [],
        gone: true,
        passed: [],
        ...(republished ? { republished } : {}),
        ...(changes ? { changes } : {}),
      };
    }
    const findings = settled;
    // Every check the audit judged and did not find failing passed; a recheck judged nothing yet.
    const failing = new Set<string>(findings.map((f) => f.check));
    const passed =
      reason === undefined ? manifest.checks.map((c) => c.id as CheckId).filter((c) => !failing.has(c)) : [];
    // Written before anything that can fail: an applied fix and its `before` are never lost.
    for (const finding of findings) this.logger.info('finding', { finding });
    await this.options.record?.(findings);
    const { republished, changes } = await this.report(resource, findings, passed);
    const published = { ...(republished > 0 ? { republished } : {}), ...(changes ? { changes } : {}) };
    if (reason === undefined) return { resource, audited: true, findings, passed, ...published };

    const requeued = attempt < MAX_RECHECKS && this.options.requeue !== undefined;
    if (requeued) await this.options.requeue!(resource, attempt + 1, trigger);
    this.logger.info(
      requeued
        ? 'resource not ready; it will be checked again'
        : 'resource not ready; left for the next sweep',
      {
        resource,
        reason,
        attempt,
      },
    );
    return {
      resource,
      audited: true,
      findings,
      passed,
      recheck: { reason, attempt, requeued },
      ...published,
    };
  }

  private async storeAudit(
    resource: ResourceMessage,
    findings: readonly Finding[],
    passedChecks: readonly CheckId[],
  ): Promise<StoreUpdate> {
    return recordAudit(
      this.options.store!,
      { resource, findings, passedChecks },
      {
        now: (this.options.now ?? (() => new Date()))(),
        retentionDays: this.options.retentionDays ?? DEFAULT_RETENTION_DAYS,
      },
    );
  }

  /**
   * What to publish after the store moved on: the changes (settings `notify: 'changes'`), or every
   * finding and every resolution (`notify: 'all'`).
   */
  private notifications(findings: readonly Finding[], update: StoreUpdate): Finding[] {
    if (this.settings.notify !== 'all') return update.changes.map((c) => c.finding);
    const changed = new Map(update.changes.map((c) => [c.finding.id, c.finding]));
    return [
      ...findings.map((f) => changed.get(f.id) ?? f),
      ...update.changes.filter((c) => c.change === 'resolved').map((c) => c.finding),
    ];
  }

  /**
   * Stores (with a store) and publishes an audit's findings, and imports them into Security Hub
   * (settings `securityHub`). What cannot be stored, published or imported now goes to
   * {@link RemediatorOptions.republish} (`republished`: how many findings), so the record succeeds
   * without auditing or fixing again; without it, or when that fails too, the record fails.
   * `changes`: what the store took (none when there is no store, or it could not be written).
   */
  private async report(
    resource: ResourceMessage,
    findings: readonly Finding[],
    passedChecks: readonly CheckId[],
  ): Promise<{ republished: number; changes?: readonly ChangedFinding[] }> {
    let update: StoreUpdate | undefined;
    if (this.options.store) {
      try {
        update = await this.storeAudit(resource, findings, passedChecks);
      } catch (error) {
        if (findings.length === 0) throw error;
        const securityHub = this.securityHubFindings(resource, findings, passedChecks);
        const pending = { stored: false, findings, ...(securityHub.length > 0 ? { securityHub } : {}) };
        return { republished: await this.handOn(resource, pending, error) };
      }
    }
    const changes = update ? { changes: update.changes } : {};
    const toPublish = update ? this.notifications(findings, update) : findings;
    const failed = await this.publishAll(toPublish);
    const hub = this.securityHubFindings(resource, findings, passedChecks, update);
    const failedHub = hub.length > 0 ? await importFindings(this.options.clients, hub) : undefined;
    const hubFailed = failedHub?.failed ?? [];
    if (failed.errors.length === 0 && hubFailed.length === 0) return { republished: 0, ...changes };
    const error =
      failed.errors.length > 0
        ? new NotificationError(failed.errors.length, toPublish.length, failed.errors[0])
        : new SecurityHubImportError(hubFailed, hub.length, failedHub?.errors[0] ?? '');
    const pending: PendingFindings = {
      stored: true,
      findings: failed.findings,
      ...(hubFailed.length > 0 ? { securityHub: hubFailed } : {}),
    };
    return { republished: await this.handOn(resource, pending, error), ...changes };
  }

  /**
   * The ASFF findings of an audit (none unless settings `securityHub`): every failed check (FAILED,
   * ACTIVE) and the checks that pass (PASSED, ARCHIVED). With the findings store, only the checks the
   * audit resolved are sent as passed (the store knows they were sent failing); without it, every
   * check the resource passed (or, when it is gone, every check of its type).
   */
  private securityHubFindings(
    resource: ResourceMessage,
    findings: readonly Finding[],
    passedChecks: readonly CheckId[],
    update?: StoreUpdate,
  ): AwsSecurityFinding[] {
    const manifest = manifestOf(resource.type);
    if (!this.settings.securityHub || !manifest) return [];
    const at = (this.options.now ?? (() => new Date()))();
    const spec = (check: string) => manifest.checks.find((c) => c.id === check);
    const hubResource = manifest.securityHub;
    const failing = findings.flatMap((finding) => {
      const check = spec(finding.check);
      return check
        ? [asffFinding({ check, resource, hubResource, finding, at: new Date(finding.observedAt) })]
        : [];
    });
    const passing = update
      ? update.changes
          .filter((c) => c.change === 'resolved')
          .map((c) => ({ check: c.finding.check as string, resolved: { message: c.finding.message } }))
      : passedChecks.map((check) => ({ check: check as string, resolved: undefined }));
    return [
      ...failing,
      ...passing.flatMap((p) => {
        const check = spec(p.check);
        return check
          ? [
              asffFinding({
                check,
                resource,
                hubResource,
                at,
                ...(p.resolved ? { resolved: p.resolved } : {}),
              }),
            ]
          : [];
      }),
    ];
  }

  /** Publishes each finding; the ones that failed, with their errors. */
  private async publishAll(
    findings: readonly Finding[],
  ): Promise<{ findings: Finding[]; errors: unknown[] }> {
    const notifier = this.options.notifier;
    if (!notifier || findings.length === 0) return { findings: [], errors: [] };
    const results = await Promise.allSettled(findings.map((f) => notifier.publish(f)));
    const failed = { findings: [] as Finding[], errors: [] as unknown[] };
    results.forEach((r, i) => {
      if (r.status === 'rejected') {
        failed.findings.push(findings[i]!);
        failed.errors.push(r.reason);
      }
    });
    return failed;
  }

  /** Hands findings not fully reported to a later attempt; throws `error` when that cannot be done. */
  private async handOn(resource: ResourceMessage, pending: PendingFindings, error: unknown): Promise<number> {
    if (!this.options.republish) throw error;
    try {
      await this.options.republish(resource, pending);
    } catch (again) {
      this.logger.warn('findings could not be handed on for reporting either; the record fails', {
        resource,
        error: describeError(again),
      });
      throw error;
    }
    const securityHub = pending.securityHub?.length ?? 0;
    this.logger.warn('findings not reported now; sent back to the queue to be reported later', {
      resource,
      error: describeError(error),
      findings: pending.findings.length,
      stored: pending.stored,
      ...(securityHub > 0 ? { securityHub } : {}),
    });
    return pending.findings.length + securityHub;
  }
}
