import {
  AddLayerVersionPermissionCommand,
  type AddLayerVersionPermissionRequest,
  GetLayerVersionPolicyCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { unless } from '../../aws/errors';
import { RemediationError } from '../../errors';
import { isRecord } from '../../json';
import { type PolicyStatement, parsePolicy } from '../../policy/document';
import { changedSince } from '../../undo/compare';
import { beforeOf, step } from '../../undo/steps';
import type { Undo, UndoStep, UndoTable } from '../../undo/types';
import { LAYER_VERSION_ARN } from './manifest';

/** A permission that AddLayerVersionPermission cannot write as it was. */
export class NotReAddable extends RemediationError {
  constructor(sid: string, what: string) {
    super(`permission ${sid} cannot be added back with AddLayerVersionPermission (${what}); add it by hand`);
    this.name = 'NotReAddable';
  }
}

/** AddLayerVersionPermission's Principal: an account id, an account root ARN, or `*`. */
const PRINCIPAL = /^(\d{12}|\*|arn:aws[a-zA-Z-]*:iam::\d{12}:root)$/;

/**
 * The AddLayerVersionPermission input that writes a layer version permission again: its StatementId,
 * Action, Principal, and OrganizationId when the statement limits `*` to an organization
 * (https://docs.aws.amazon.com/lambda/latest/api/API_AddLayerVersionPermission.html).
 */
export function addLayerPermissionInput(
  LayerName: string,
  VersionNumber: number,
  statement: PolicyStatement,
): AddLayerVersionPermissionRequest {
  const sid = typeof statement.Sid === 'string' ? statement.Sid : '';
  if (!sid) throw new NotReAddable('(without a Sid)', 'it has no Sid');
  if (statement.Effect !== 'Allow') throw new NotReAddable(sid, `its effect is ${String(statement.Effect)}`);
  const actions = [statement.Action].flat();
  if (actions.length !== 1 || typeof actions[0] !== 'string')
    throw new NotReAddable(sid, 'it has no single action');
  const raw = statement.Principal;
  const value = isRecord(raw) && Object.keys(raw).length === 1 && 'AWS' in raw ? raw.AWS : raw;
  if (typeof value !== 'string' || !PRINCIPAL.test(value))
    throw new NotReAddable(sid, 'its principal is not one account or "*"');
  let OrganizationId: string | undefined;
  for (const [operator, keys] of Object.entries(isRecord(statement.Condition) ? statement.Condition : {})) {
    const entries = Object.entries(isRecord(keys) ? keys : {});
    const [key, organization] = entries[0] ?? [];
    const single = [organization].flat();
    if (
      operator.toLowerCase() !== 'stringequals' ||
      entries.length !== 1 ||
      key?.toLowerCase() !== 'aws:principalorgid' ||
      single.length !== 1 ||
      typeof single[0] !== 'string' ||
      OrganizationId !== undefined ||
      value !== '*'
    ) {
      throw new NotReAddable(sid, `condition ${operator}`);
    }
    OrganizationId = single[0];
  }
  return {
    LayerName,
    VersionNumber,
    StatementId: sid,
    Action: actions[0],
    Principal: value,
    ...(OrganizationId ? { OrganizationId } : {}),
  };
}

/** The permissions a fix removed (by Sid) are added back to the layer version. */
const permissionsUndo: Undo = {
  async plan(finding, ctx) {
    const lambda = ctx.client(LambdaClient, 'Lambda');
    const match = LAYER_VERSION_ARN.exec(finding.resource.id);
    if (!match) throw new RemediationError(`${finding.resource.id} is not a layer version ARN`);
    const LayerName = match[4]!;
    const VersionNumber = Number(match[5]);
    const before = beforeOf<{ Policy: string }>(finding).Policy ?? '';
    const now =
      (
        await unless(
          lambda.send(new GetLayerVersionPolicyCommand({ LayerName, VersionNumber })),
          ['ResourceNotFoundException'],
          undefined,
        )
      )?.Policy ?? '';
    const present = new Set(now ? parsePolicy(now).Statement.map((s) => s.Sid) : []);
    const steps: UndoStep[] = [];
    for (const statement of before ? parsePolicy(before).Statement : []) {
      if (present.has(statement.Sid)) continue;
      steps.push(
        step(
          lambda,
          'Lambda',
          AddLayerVersionPermissionCommand,
          addLayerPermissionInput(LayerName, VersionNumber, statement),
        ),
      );
    }
    const current = { Policy: now };
    return { current, changed: changedSince(current, finding.after), steps };
  },
};

export const undo: UndoTable = {
  'lambda_layer.public': permissionsUndo,
  'lambda_layer.shared_unknown_account': permissionsUndo,
};
