import type { ResolvedSettings } from '../contracts/settings';
import type { ClientSource } from '../aws/clients';
import { DeliveryError, RemediationError } from '../errors';
import { type SendOptions, type SqsSender, sendBodies } from '../queue/send';
import { planAccounts, planTasks } from './plan';
import { serializePollTask } from './task';
import type { PollerLogger } from './worker';

export interface PollPlannerDependencies {
  readonly settings: ResolvedSettings;
  /**
   * Clients in the management accounts (for Organizations ListAccounts, or ListAccountsForParent and
   * ListOrganizationalUnitsForParent with `organizationalUnits`).
   */
  readonly clients: ClientSource;
  readonly sqs: SqsSender;
  /** The poll queue the tasks go to. */
  readonly queueUrl: string;
  readonly logger: PollerLogger;
  readonly onlyTestResources?: boolean;
  readonly send?: SendOptions;
}

export interface PlanResult {
  readonly accounts: number;
  readonly tasks: number;
  readonly calls: number;
}

/**
 * SendMessageBatch calls the planner keeps in flight: 17,000 tasks (1,000 accounts x 17 regions) are
 * 1,700 calls, about 1.7 s at 25 ms a call instead of 4.3 s with the senders' default of 10.
 */
export const PLANNER_SEND_CONCURRENCY = 25;

/**
 * The scheduled planner: lists the accounts (settings and organizations) and sends one poll task per
 * account and region to the poll queue, 10 per SendMessageBatch call, 25 calls at once. It throws when an organization
 * could not be listed or a task could not be sent, after sending everything it could, so the error
 * shows in the function's metrics and alarms.
 */
export function createPollPlanner(deps: PollPlannerDependencies) {
  return async (): Promise<PlanResult> => {
    const { settings, logger } = deps;
    const plan = await planAccounts(settings, deps.clients);
    const tasks = planTasks(plan.accounts, settings.regions, {
      onlyTestResources: deps.onlyTestResources ?? false,
    });
    const result = await sendBodies(
      deps.sqs,
      deps.queueUrl,
      tasks.map((task) => ({ body: serializePollTask(task) })),
      { concurrency: PLANNER_SEND_CONCURRENCY, ...deps.send },
    );
    logger.info('poll planned', {
      accounts: plan.accounts.length,
      ...(settings.organizationalUnits.length > 0
        ? { organizationalUnits: settings.organizationalUnits.length }
        : {}),
      regions: settings.regions.length,
      tasks: tasks.length,
      sent: result.sent,
      calls: result.calls,
    });
    if (result.undelivered.length > 0) {
      throw new DeliveryError(
        `${result.undelivered.length} of ${tasks.length} poll tasks were not sent to ${deps.queueUrl}: ${result.failures.join('; ')}`,
        result.undelivered.length,
        { cause: result.lastError },
      );
    }
    if (plan.errors.length > 0) {
      const actions =
        settings.organizationalUnits.length > 0
          ? 'organizations:ListAccountsForParent and organizations:ListOrganizationalUnitsForParent'
          : 'organizations:ListAccounts';
      throw new RemediationError(
        `the accounts of ${plan.errors.length} organization(s) could not be listed, so they were not polled: ${plan.errors
          .map((e) => `${e.management} (${e.error})`)
          .join('; ')}; check the member role in each management account allows ${actions}`,
      );
    }
    if (plan.missingUnits) {
      throw new RemediationError(
        `settings.organizationalUnits: ${plan.missingUnits.join(', ')} ${plan.missingUnits.length === 1 ? 'is' : 'are'} in none of the organizations of organizationAccounts (${settings.organizationAccounts.join(', ')}), so nothing under ${plan.missingUnits.length === 1 ? 'it' : 'them'} was polled: correct the id, or add the management account of its organization`,
      );
    }
    return { accounts: plan.accounts.length, tasks: tasks.length, calls: result.calls };
  };
}
