import { CreateRoleCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { type Accounts, HOME, otherAccount } from '../aws';
import {
  type Message,
  type PolicyDocument,
  type Resource,
  type Seeder,
  type Statement,
  expectExactly,
  parse,
  policy,
  root,
} from './model';

async function seedRole(accounts: Accounts, account: string, name: string, trust: PolicyDocument) {
  const iam = accounts.client(IAMClient, account, HOME);
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  return async () => {
    const text = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role?.AssumeRolePolicyDocument;
    // IAM returns the document URL-encoded.
    return parse(text && decodeURIComponent(text));
  };
}

/** The execution role of the seeded functions. */
export const LAMBDA_ROLE = 'e2e-lambda-exec';

async function roles(accounts: Accounts, account: string): Promise<Resource[]> {
  const message = (id: string): Message => ({ account, region: HOME, type: 'iam_role', id, delay: 0 });
  const legit: Statement[] = [
    {
      Sid: 'KnownAccountAssumes',
      Effect: 'Allow',
      Principal: { AWS: root(otherAccount(account)) },
      Action: 'sts:AssumeRole',
    },
    {
      Sid: 'Ec2Assumes',
      Effect: 'Allow',
      Principal: { Service: 'ec2.amazonaws.com' },
      Action: 'sts:AssumeRole',
    },
  ];
  const publicTrust = { Sid: 'Anyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' };
  const readPublic = await seedRole(
    accounts,
    account,
    'e2e-public-trust',
    policy(legit[0]!, publicTrust, legit[1]!),
  );
  const readOk = await seedRole(accounts, account, 'e2e-partner-trust', policy(...legit));
  const readLambda = await seedRole(
    accounts,
    account,
    LAMBDA_ROLE,
    policy({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
  );
  return [
    {
      label: `iam_role public trust e2e-public-trust ${account}`,
      message: message('e2e-public-trust'),
      seeded: true,
      excepted: false,
      findings: [{ check: 'iam_role.public_trust', fixable: true }],
      read: readPublic,
      verifyFixed: (state) =>
        expectExactly(state as PolicyDocument | null, legit, `role e2e-public-trust ${account}`),
    },
    {
      label: `iam_role legitimate trust e2e-partner-trust ${account}`,
      message: message('e2e-partner-trust'),
      seeded: true,
      excepted: false,
      findings: [],
      read: readOk,
    },
    {
      label: `iam_role ${LAMBDA_ROLE} ${account}`,
      message: message(LAMBDA_ROLE),
      seeded: true,
      excepted: false,
      findings: [],
      read: readLambda,
    },
  ];
}

/** IAM roles (global): a public trust next to legitimate statements, a legitimate trust, a function's role. */
export const iamSeeder: Seeder = { global: true, seed: ({ accounts, account }) => roles(accounts, account) };
