import { DynamoDBClient, GetResourcePolicyCommand, PutResourcePolicyCommand } from '@aws-sdk/client-dynamodb';
import { unless } from '../../aws/errors';
import { samePolicyText } from '../../policy/document';
import { changedSince } from '../../undo/compare';
import { beforeOf, step } from '../../undo/steps';
import type { Undo, UndoStep, UndoTable } from '../../undo/types';
import type { PartState, PolicyPart, TablePolicies } from './auditor';

/**
 * Each policy the fix changed (the table's, the stream's) is put back as it was, with
 * PutResourcePolicy conditional on the revision just read (ExpectedRevisionId; NO_POLICY when there is
 * none now: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutResourcePolicy.html).
 * A fix changes only a policy that exists, so there is always one to put back.
 */
const tablePolicies: Undo = {
  async plan(finding, ctx) {
    const dynamo = ctx.client(DynamoDBClient, 'DynamoDB');
    const before = beforeOf<TablePolicies>(finding);
    const current: TablePolicies = {};
    const steps: UndoStep[] = [];
    for (const [part, state] of Object.entries(before) as [PolicyPart, PartState | undefined][]) {
      if (!state?.ResourceArn || !state.Policy) continue;
      const { ResourceArn } = state;
      const now = await unless(
        dynamo.send(new GetResourcePolicyCommand({ ResourceArn })),
        ['PolicyNotFoundException'],
        undefined,
      );
      current[part] = { ResourceArn, Policy: now?.Policy ?? '' };
      if (samePolicyText(now?.Policy || undefined, state.Policy)) continue;
      steps.push(
        step(dynamo, 'DynamoDB', PutResourcePolicyCommand, {
          ResourceArn,
          Policy: state.Policy,
          ExpectedRevisionId: now?.RevisionId ?? 'NO_POLICY',
        }),
      );
    }
    return { current, changed: changedSince(current, finding.after), steps };
  },
};

export const undo: UndoTable = {
  'dynamodb_table.public': tablePolicies,
  'dynamodb_table.shared_unknown_account': tablePolicies,
};
