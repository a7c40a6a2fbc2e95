import {
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  LambdaClient,
  ListTagsCommand,
  RemovePermissionCommand,
  paginateListAliases,
} from '@aws-sdk/client-lambda';
import { isAwsError, unless } from '../aws/errors';
import { parsePolicy, plural, publicStatements, statementLabels } from '../policy/document';
import { ConcurrentChangeError, PartialFixError, settle, type Violation } from './settle';
import type { Auditor } from './types';

/** A function's own policy, or an alias's (a public function URL can sit on an alias). */
interface Scope {
  /** The alias name; undefined for the unqualified function. */
  readonly qualifier?: string;
  readonly policy: string;
  readonly revisionId?: string;
}

/**
 * Lambda functions (id: the function name): no permission, on the function or any of its aliases,
 * lets anyone invoke the function (including a function URL without authentication), unless a
 * condition pins the caller to known accounts.
 */
export const lambdaFunctionAuditor: Auditor = {
  type: 'lambda_function',
  checks: [
    {
      id: 'lambda_function.public',
      severity: 'high',
      title: 'Lambda function policy allows anyone',
      fix: 'remove the public permissions; the others stay',
    },
  ],
  // GetFunctionConfiguration and ListTags rather than GetFunction, which also hands out the code.
  readActions: [
    'lambda:GetFunctionConfiguration',
    'lambda:GetPolicy',
    'lambda:ListTags',
    'lambda:ListAliases',
  ],
  remediateActions: ['lambda:RemovePermission'],

  async audit(resource, ctx) {
    const lambda = ctx.client(LambdaClient, 'Lambda');
    const FunctionName = resource.id;
    const configuration = await unless(
      lambda.send(new GetFunctionConfigurationCommand({ FunctionName })),
      ['ResourceNotFoundException'],
      undefined,
    );
    if (!configuration) return [];
    const functionArn = configuration.FunctionArn;
    const policyOf = async (qualifier?: string): Promise<Scope | undefined> => {
      const input = { FunctionName, ...(qualifier ? { Qualifier: qualifier } : {}) };
      // No permission at all means no policy: nothing public.
      const output = await unless(
        lambda.send(new GetPolicyCommand(input)),
        ['ResourceNotFoundException'],
        undefined,
      );
      return output?.Policy ? { qualifier, policy: output.Policy, revisionId: output.RevisionId } : undefined;
    };
    const aliases: string[] = [];
    for await (const page of paginateListAliases({ client: lambda }, { FunctionName })) {
      for (const alias of page.Aliases ?? []) if (alias.Name) aliases.push(alias.Name);
    }
    const [scopes, tags] = await Promise.all([
      Promise.all([policyOf(), ...aliases.map((a) => policyOf(a))]),
      functionArn
        ? lambda.send(new ListTagsCommand({ Resource: functionArn })).then((r) => r.Tags ?? {})
        : Promise.resolve({}),
    ]);

    const open: { scope: Scope; sid: string; label: string }[] = [];
    for (const scope of scopes) {
      if (!scope) continue;
      const policy = parsePolicy(scope.policy);
      for (const statement of await publicStatements(policy, ctx)) {
        const where = scope.qualifier ? ` on alias ${scope.qualifier}` : '';
        open.push({
          scope,
          sid: typeof statement.Sid === 'string' ? statement.Sid : '',
          label: `${statementLabels([statement], policy)}${where}`,
        });
      }
    }

    const violations: Violation[] = [];
    if (open.length > 0) {
      violations.push({
        check: 'lambda_function.public',
        message: `Function permission${open.length === 1 ? '' : 's'} ${open.map((o) => o.label).join(', ')} let${open.length === 1 ? 's' : ''} anyone invoke or read it, with no condition naming known accounts, the organization or a VPC.`,
        action: `remove ${plural(open.length, 'public permission')} (RemovePermission), keep the others`,
        fix: async () => {
          const before = Object.fromEntries(
            scopes.flatMap((s) => (s ? [[s.qualifier ?? '$function', { Policy: s.policy }]] : [])),
          );
          const removed = new Set<Scope>();
          try {
            for (const { scope, sid } of open) {
              if (!sid) throw new Error('a public permission has no Sid to remove');
              await lambda.send(
                new RemovePermissionCommand({
                  FunctionName,
                  StatementId: sid,
                  ...(scope.qualifier ? { Qualifier: scope.qualifier } : {}),
                  // The first removal in a policy insists it is unchanged since it was read.
                  ...(!removed.has(scope) && scope.revisionId ? { RevisionId: scope.revisionId } : {}),
                }),
              );
              removed.add(scope);
            }
          } catch (error) {
            if (isAwsError(error, 'PreconditionFailedException') && removed.size === 0) {
              throw new ConcurrentChangeError('the function policy');
            }
            if (removed.size > 0) throw new PartialFixError(before, error);
            throw error;
          }
          return before;
        },
      });
    }
    return settle(lambdaFunctionAuditor, resource, ctx, tags, violations);
  },
};
