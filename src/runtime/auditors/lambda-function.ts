import {
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  LambdaClient,
  ListTagsCommand,
  RemovePermissionCommand,
} from '@aws-sdk/client-lambda';
import { isAwsError } from '../aws/errors';
import { parsePolicy, plural, publicStatements, statementLabels } from '../policy/document';
import { settle, type Violation } from './settle';
import type { Auditor } from './types';

/**
 * Lambda functions (id: the function name): no permission lets anyone invoke the function (including a
 * function URL without authentication), unless a condition pins the caller to known accounts.
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
  readActions: ['lambda:GetFunctionConfiguration', 'lambda:GetPolicy', 'lambda:ListTags'],
  remediateActions: ['lambda:RemovePermission'],

  async audit(resource, ctx) {
    const lambda = ctx.client(LambdaClient, 'Lambda');
    const FunctionName = resource.id;
    let functionArn: string | undefined;
    try {
      functionArn = (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName }))).FunctionArn;
    } catch (error) {
      if (isAwsError(error, 'ResourceNotFoundException')) return [];
      throw error;
    }
    const [policyText, tags] = await Promise.all([
      lambda.send(new GetPolicyCommand({ FunctionName })).then(
        (r) => r.Policy,
        (error: unknown) => {
          // A function without any permission has no policy: nothing public.
          if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
          throw error;
        },
      ),
      functionArn
        ? lambda.send(new ListTagsCommand({ Resource: functionArn })).then((r) => r.Tags ?? {})
        : Promise.resolve({}),
    ]);

    const violations: Violation[] = [];
    if (policyText) {
      const policy = parsePolicy(policyText);
      const open = await publicStatements(policy, ctx);
      if (open.length > 0) {
        violations.push({
          check: 'lambda_function.public',
          message: `Function permission${open.length === 1 ? '' : 's'} ${statementLabels(open, policy)} let anyone invoke or read it, with no condition naming known accounts, the organization or a VPC.`,
          action: `remove ${plural(open.length, 'public permission')} (RemovePermission), keep the others`,
          fix: async () => {
            for (const statement of open) {
              if (typeof statement.Sid !== 'string')
                throw new Error('a public permission has no Sid to remove');
              await lambda.send(new RemovePermissionCommand({ FunctionName, StatementId: statement.Sid }));
            }
            return { Policy: policyText };
          },
        });
      }
    }
    return settle(lambdaFunctionAuditor, resource, ctx, tags, violations);
  },
};
