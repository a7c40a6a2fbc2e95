import {
  AddPermissionCommand,
  CreateFunctionCommand,
  GetPolicyCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda';
import { expect } from 'chai';
import { type Accounts, otherAccount } from '../aws';
import { LAMBDA_ROLE } from './iam';
import { type Message, type Resource, type Seeder, type Statement, parse, short } from './model';

/** An empty zip archive (the end-of-central-directory record alone): the server never runs the code. */
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);

async function functions(accounts: Accounts, account: string, region: string): Promise<Resource[]> {
  const lambda = accounts.client(LambdaClient, account, region);
  const create = async (FunctionName: string) => {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName,
        Runtime: 'nodejs22.x',
        Role: `arn:aws:iam::${account}:role/${LAMBDA_ROLE}`,
        Handler: 'index.handler',
        Code: { ZipFile: EMPTY_ZIP },
      }),
    );
    return FunctionName;
  };
  const permit = (FunctionName: string, StatementId: string, Principal: string, pin = {}) =>
    lambda.send(
      new AddPermissionCommand({
        FunctionName,
        StatementId,
        Action: 'lambda:InvokeFunction',
        Principal,
        ...pin,
      }),
    );
  // S3 of the own account invokes the functions, and a known account.
  const bucket = { SourceArn: `arn:aws:s3:::e2e-private-${account}`, SourceAccount: account };
  const read = (FunctionName: string) => async () =>
    parse((await lambda.send(new GetPolicyCommand({ FunctionName }))).Policy)?.Statement ?? [];
  const suffix = `${account}-${short(region)}`;
  const open = await create(`e2e-public-${suffix}`);
  await permit(open, 'BucketInvokes', 's3.amazonaws.com', bucket);
  await permit(open, 'AnyoneInvokes', '*');
  await permit(open, 'KnownAccountInvokes', otherAccount(account));
  const ok = await create(`e2e-private-${suffix}`);
  await permit(ok, 'BucketInvokes', 's3.amazonaws.com', bucket);
  await permit(ok, 'KnownAccountInvokes', otherAccount(account));
  const message = (id: string): Message => ({ account, region, type: 'lambda_function', id, delay: 0 });
  return [
    {
      label: `lambda_function public ${open}`,
      message: message(open),
      seeded: true,
      excepted: false,
      findings: [{ check: 'lambda_function.public', fixable: true }],
      read: read(open),
      // The public permission is gone; the other two stay exactly.
      verifyFixed: (state, initial) =>
        expect(state, open).to.deep.equal(
          (initial as Statement[]).filter((st) => st.Sid !== 'AnyoneInvokes'),
        ),
    },
    {
      label: `lambda_function private ${ok}`,
      message: message(ok),
      seeded: true,
      excepted: false,
      findings: [],
      read: read(ok),
    },
  ];
}

/**
 * Lambda functions (their role is seeded with the IAM roles): a public permission between two
 * legitimate ones, and a compliant function.
 */
export const lambdaSeeder: Seeder = {
  seed: ({ accounts, account, region }) => functions(accounts, account, region),
};
