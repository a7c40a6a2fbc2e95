import {
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  GetRoleCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { type Accounts, HOME, otherAccount } from '../aws';
import {
  type Message,
  type PolicyDocument,
  type Resource,
  type Seeder,
  type Statement,
  expectExactly,
  expectPolicy,
  narrowedTo,
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
/** The administrators' role: a trust names it next to GitHub Actions' provider, a key's Deny spares it. */
export const ADMIN_ROLE = 'e2e-admin';

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

/** GitHub Actions' OIDC provider: its tokens are anyone's who runs a workflow, unless the trust pins whose. */
const GITHUB = 'token.actions.githubusercontent.com';

/**
 * Roles trusting GitHub Actions' provider, which is created in the account first, as is the
 * administrators' role (AWS refuses a trust naming a role that does not exist): the administrators'
 * role next to the provider, unpinned, in one statement (the fix keeps the administrators' role), and a
 * deploy role pinned to the repositories of one owner (`repo:acme/*`), not public, left as written.
 */
async function webIdentityRoles(accounts: Accounts, account: string): Promise<Resource[]> {
  const iam = accounts.client(IAMClient, account, HOME);
  const { OpenIDConnectProviderArn: provider } = await iam.send(
    new CreateOpenIDConnectProviderCommand({
      Url: `https://${GITHUB}`,
      ClientIDList: ['sts.amazonaws.com'],
      ThumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'],
    }),
  );
  const message = (id: string): Message => ({ account, region: HOME, type: 'iam_role', id, delay: 0 });
  const adminTrust = policy({ Effect: 'Allow', Principal: { AWS: root(account) }, Action: 'sts:AssumeRole' });
  const readAdmin = await seedRole(accounts, account, ADMIN_ROLE, adminTrust);
  const admin = `arn:aws:iam::${account}:role/${ADMIN_ROLE}`;

  const mixed: Statement = {
    Sid: 'AdministratorsOrGitHubAssume',
    Effect: 'Allow',
    Principal: { AWS: admin, Federated: provider },
    Action: ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'],
  };
  const ec2: Statement = {
    Sid: 'Ec2Assumes',
    Effect: 'Allow',
    Principal: { Service: 'ec2.amazonaws.com' },
    Action: 'sts:AssumeRole',
  };
  // A Deny naming the provider: it narrows nothing (every GitHub token has this audience), and a fix
  // never removes a Deny.
  const deny: Statement = {
    Sid: 'DenyOtherAudiences',
    Effect: 'Deny',
    Principal: { Federated: provider },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringNotEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' } },
  };
  const mixedTrust = policy(mixed, ec2, deny);
  const readMixed = await seedRole(accounts, account, 'e2e-mixed-trust', mixedTrust);
  const fixed = policy(narrowedTo(mixed, { AWS: admin }), ec2, deny);

  const pinnedTrust = policy({
    Sid: 'GitHubActionsOfAcmeDeploy',
    Effect: 'Allow',
    Principal: { Federated: provider },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' },
      StringLike: { [`${GITHUB}:sub`]: 'repo:acme/*' },
    },
  });
  const readPinned = await seedRole(accounts, account, 'e2e-github-deploy', pinnedTrust);
  return [
    {
      label: `iam_role ${ADMIN_ROLE} ${account}`,
      message: message(ADMIN_ROLE),
      seeded: true,
      excepted: false,
      findings: [],
      read: readAdmin,
    },
    {
      label: `iam_role administrators and unpinned GitHub in one statement e2e-mixed-trust ${account}`,
      message: message('e2e-mixed-trust'),
      seeded: true,
      excepted: false,
      findings: [
        {
          check: 'iam_role.public_trust',
          fixable: true,
          // The provider is what makes it public, not the administrators' role.
          mentions: [`statement "${mixed.Sid}"`, `oidc-provider/${GITHUB}`],
        },
      ],
      read: readMixed,
      verifyFixed: (state) =>
        expectPolicy(state as PolicyDocument | null, fixed, `role e2e-mixed-trust ${account}`),
      policy: {
        of: (state) => state as PolicyDocument | null,
        written: mixedTrust,
        publicStatements: [mixed.Sid!],
      },
    },
    {
      label: `iam_role GitHub pinned to repo:acme/* e2e-github-deploy ${account}`,
      message: message('e2e-github-deploy'),
      seeded: true,
      excepted: false,
      findings: [],
      read: readPinned,
      policy: { of: (state) => state as PolicyDocument | null, written: pinnedTrust, publicStatements: [] },
    },
  ];
}

/**
 * IAM roles (global): a public trust next to legitimate statements, a legitimate trust, a function's
 * role, and the roles trusting GitHub Actions ({@link webIdentityRoles}).
 */
export const iamSeeder: Seeder = {
  global: true,
  seed: async ({ accounts, account }) =>
    (await Promise.all([roles(accounts, account), webIdentityRoles(accounts, account)])).flat(),
};
