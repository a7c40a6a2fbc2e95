import { defineType } from '../manifest';
import { arnPart, req, res } from '../../events/ids';

/** A Lambda function name from a name, a full or partial ARN, with or without a qualifier. */
function lambdaFunctionName(value: string | undefined): string[] {
  if (value === undefined) return [];
  const name = value.includes(':function:') ? arnPart(value, ':function:') : value.split(':')[0];
  return name ? [name] : [];
}

/**
 * Lambda functions (id: the function name): no permission, on the function or any alias, lets anyone
 * invoke it (a function URL without authentication included).
 */
export const lambdaFunction = defineType({
  type: 'lambda_function',
  id: 'the function name',
  checks: [
    {
      id: 'lambda_function.public',
      compliance: { fsbp: ['Lambda.1'] },
      severity: 'high',
      title: 'Lambda function policy allows anyone',
      fix: 'remove the public permissions; the others stay',
    },
    {
      id: 'lambda_function.shared_unknown_account',
      severity: 'high',
      title: 'Lambda function policy grants an unknown account',
      fix: 'remove the permissions granting unknown accounts or organizations; the others stay',
      consent: 'named',
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
  notFound: ['ResourceNotFoundException'],
  events: [
    {
      eventSource: 'lambda.amazonaws.com',
      eventNames: [
        'AddPermission20150331',
        'AddPermission20150331v2',
        'CreateFunction20150331',
        // Function URLs (AuthType NONE is public); CloudTrail has used both names.
        'CreateFunctionUrlConfig',
        'CreateFunctionUrlConfig20211031',
        'UpdateFunctionUrlConfig',
        'UpdateFunctionUrlConfig20211031',
      ],
      ids: (d) => lambdaFunctionName(res(d, 'functionName') ?? req(d, 'functionName')),
    },
  ],
  listing: { actions: ['lambda:ListFunctions'], load: async () => (await import('./lister')).lister },
  securityHub: {
    resourceType: 'AwsLambdaFunction',
    arn: (r, p) => `arn:${p}:lambda:${r.region}:${r.account}:function:${r.id}`,
  },
  auditor: async () => (await import('./auditor')).auditor,
  undo: async () => (await import('./undo')).undo,
  undoActions: ['lambda:AddPermission'],
});
