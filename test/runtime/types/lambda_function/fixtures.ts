/** Lambda functions (id: the function name): the function's and its aliases' policies. */
import { ACCOUNT, policy, REGION, resource, type Scenario, STRANGER } from '../../../helpers/resources';
import { awsError, type World } from '../../../helpers/aws';
import { type ListingFixture, NEXT_MARKER } from '../../../helpers/listing';

export const FUNCTION_NAME = 'thumbnailer';
export const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION_NAME}`;

/** A permission as AddPermission writes it into the function policy. */
export function lambdaPermission(sid: string, principal: unknown, condition?: object) {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: principal,
    Action: 'lambda:InvokeFunction',
    Resource: FUNCTION_ARN,
    ...(condition ? { Condition: condition } : {}),
  };
}

export function lambdaWorld(
  options: {
    policy?: object;
    aliases?: Record<string, object | undefined>;
    tags?: Record<string, string>;
    exists?: boolean;
  } = {},
): World {
  const notFound = () => awsError('ResourceNotFoundException', `Function not found: ${FUNCTION_ARN}`, 404);
  // Stateful like Lambda: RemovePermission takes the statement out and makes a new revision.
  const policies: Record<string, { Statement: { Sid?: string }[] } | undefined> = {
    $function: options.policy as { Statement: { Sid?: string }[] } | undefined,
    ...(options.aliases as Record<string, { Statement: { Sid?: string }[] } | undefined>),
  };
  const revisions: Record<string, number> = {};
  const aliases = options.aliases ?? {};
  return {
    'Lambda.GetFunctionConfiguration': () => {
      if (options.exists === false) throw notFound();
      return { FunctionName: FUNCTION_NAME, FunctionArn: FUNCTION_ARN, Runtime: 'nodejs22.x' };
    },
    'Lambda.ListAliases': {
      Aliases: Object.keys(aliases).map((Name) => ({
        Name,
        AliasArn: `${FUNCTION_ARN}:${Name}`,
        FunctionVersion: '3',
      })),
    },
    'Lambda.GetPolicy': (input: { Qualifier?: string }) => {
      const scope = input.Qualifier ?? '$function';
      const policyOfScope = policies[scope];
      if (!policyOfScope || policyOfScope.Statement.length === 0) {
        throw awsError('ResourceNotFoundException', 'The resource you requested does not exist.', 404);
      }
      const revision = revisions[scope] ? `-${revisions[scope]}` : '';
      return {
        Policy: JSON.stringify(policyOfScope),
        RevisionId: `rev-${input.Qualifier ?? 'function'}${revision}`,
      };
    },
    'Lambda.ListTags': { Tags: options.tags ?? {} },
    'Lambda.RemovePermission': (input: { Qualifier?: string; StatementId: string }) => {
      const scope = input.Qualifier ?? '$function';
      const p = policies[scope];
      if (p) policies[scope] = { ...p, Statement: p.Statement.filter((s) => s.Sid !== input.StatementId) };
      revisions[scope] = (revisions[scope] ?? 0) + 1;
      return {};
    },
  };
}

export const noncompliant: Scenario = {
  resource: resource('lambda_function', FUNCTION_NAME),
  world: () =>
    lambdaWorld({
      policy: policy(
        lambdaPermission('public-invoke', '*'),
        lambdaPermission('stranger-invoke', { AWS: `arn:aws:iam::${STRANGER}:root` }),
      ),
    }),
  failing: ['lambda_function.public', 'lambda_function.shared_unknown_account'],
};

export const listing: ListingFixture = {
  typical: { lambda_function: [0, 12] },
  responders: (estate) => ({
    'Lambda.ListFunctions': estate.list('lambda_function', 'Functions', NEXT_MARKER, (FunctionName) => ({
      FunctionName,
    })),
  }),
};
