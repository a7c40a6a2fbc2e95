import {
  AddPermissionCommand,
  type AddPermissionRequest,
  GetPolicyCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { unless } from '../../aws/errors';
import { RemediationError } from '../../errors';
import { type PolicyStatement, parsePolicy } from '../../policy/document';
import { changedSince } from '../../undo/compare';
import { beforeOf, step } from '../../undo/steps';
import type { Undo, UndoStep, UndoTable } from '../../undo/types';

/** The function's policies by scope: `$function`, or an alias name. */
type Scopes = Record<string, { Policy: string }>;

const FUNCTION = '$function';

/** AddPermission's parameters for the condition keys it can express (key names are case-insensitive). */
const CONDITION_PARAMETERS: Record<string, Record<string, keyof AddPermissionRequest>> = {
  arnlike: { 'aws:sourcearn': 'SourceArn' },
  arnequals: { 'aws:sourcearn': 'SourceArn' },
  stringequals: {
    'aws:sourceaccount': 'SourceAccount',
    'aws:principalorgid': 'PrincipalOrgID',
    'lambda:functionurlauthtype': 'FunctionUrlAuthType',
    'lambda:eventsourcetoken': 'EventSourceToken',
  },
  bool: { 'lambda:invokedviafunctionurl': 'InvokedViaFunctionUrl' },
};

/** Why a permission cannot be added back as it was. */
export class NotReAddable extends RemediationError {
  constructor(sid: string, what: string) {
    super(`permission ${sid} cannot be added back with AddPermission (${what}); add it by hand`);
    this.name = 'NotReAddable';
  }
}

/** The AddPermission input that re-creates a permission statement Lambda wrote. */
export function addPermissionInput(
  FunctionName: string,
  qualifier: string | undefined,
  statement: PolicyStatement,
): AddPermissionRequest {
  const sid = typeof statement.Sid === 'string' ? statement.Sid : '';
  if (!sid) throw new NotReAddable('(without a Sid)', 'it has no Sid');
  if (statement.Effect !== 'Allow') throw new NotReAddable(sid, `its effect is ${String(statement.Effect)}`);
  const actions = [statement.Action].flat();
  if (actions.length !== 1 || typeof actions[0] !== 'string') {
    throw new NotReAddable(sid, 'it has no single action');
  }
  const principal = statement.Principal as unknown;
  let Principal: string | undefined;
  if (principal === '*') Principal = '*';
  else if (principal && typeof principal === 'object') {
    const entries = Object.entries(principal as Record<string, unknown>);
    const [kind, value] = entries[0] ?? [];
    if (entries.length === 1 && (kind === 'AWS' || kind === 'Service') && typeof value === 'string')
      Principal = value;
  }
  if (!Principal) throw new NotReAddable(sid, 'its principal is not one account, service or "*"');
  const input: Record<string, unknown> = {
    FunctionName,
    StatementId: sid,
    Action: actions[0],
    Principal,
    ...(qualifier ? { Qualifier: qualifier } : {}),
  };
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    for (const [key, value] of Object.entries(keys as Record<string, unknown>)) {
      const parameter = CONDITION_PARAMETERS[operator.toLowerCase()]?.[key.toLowerCase()];
      const single = [value].flat();
      if (!parameter || single.length !== 1) throw new NotReAddable(sid, `condition ${operator} ${key}`);
      input[parameter] =
        parameter === 'InvokedViaFunctionUrl' ? String(single[0]) === 'true' : String(single[0]);
    }
  }
  return input as unknown as AddPermissionRequest;
}

/** The permissions a fix removed (by Sid) are added back, on the function and on its aliases. */
const permissionsUndo: Undo = {
  async plan(finding, ctx) {
    const lambda = ctx.client(LambdaClient, 'Lambda');
    const FunctionName = finding.resource.id;
    const before = beforeOf<Scopes>(finding) as Scopes;
    const current: Scopes = {};
    const steps: UndoStep[] = [];
    for (const [scope, { Policy }] of Object.entries(before)) {
      const qualifier = scope === FUNCTION ? undefined : scope;
      const now =
        (
          await unless(
            lambda.send(
              new GetPolicyCommand({ FunctionName, ...(qualifier ? { Qualifier: qualifier } : {}) }),
            ),
            ['ResourceNotFoundException'],
            undefined,
          )
        )?.Policy ?? '';
      current[scope] = { Policy: now };
      const present = new Set(now ? parsePolicy(now).Statement.map((s) => s.Sid) : []);
      for (const statement of Policy ? parsePolicy(Policy).Statement : []) {
        if (present.has(statement.Sid)) continue;
        steps.push(
          step(
            lambda,
            'Lambda',
            AddPermissionCommand,
            addPermissionInput(FunctionName, qualifier, statement),
          ),
        );
      }
    }
    return { current, changed: changedSince(current, finding.after), steps };
  },
};

export const undo: UndoTable = {
  'lambda_function.public': permissionsUndo,
  'lambda_function.shared_unknown_account': permissionsUndo,
};
