import {
  CreateRepositoryCommand,
  ECRClient,
  GetRepositoryPolicyCommand,
  SetRepositoryPolicyCommand,
} from '@aws-sdk/client-ecr';
import {
  CreateFileSystemCommand,
  DescribeFileSystemPolicyCommand,
  EFSClient,
  PutFileSystemPolicyCommand,
} from '@aws-sdk/client-efs';
import { ACCOUNTS, REGIONS, STRANGER, otherAccount } from '../aws';
import {
  EXCEPTION_TAG,
  type ExpectedFinding,
  type PolicyDocument,
  type Resource,
  type Seeder,
  type Statement,
  expectPolicy,
  narrowedTo,
  parse,
  policy,
  root,
  short,
} from './model';

/** What a seeded resource with a policy needs: its message id, and how to read its policy back. */
interface Seeded {
  readonly id: string;
  read(): Promise<PolicyDocument | null>;
}

/**
 * The resources of a type with a resource policy, seeded alike: a policy with a public statement, a
 * statement naming a known account and a stranger's account, and a legitimate grant (each fix takes
 * out only its own part); a compliant one; and, in one account and region, a public one excepted by tag.
 */
async function seedPolicies(
  type: 'ecr_repository' | 'efs_file_system',
  account: string,
  region: string,
  statements: { legitimate: Statement; open: Statement; partners: Statement },
  create: (name: string, document: PolicyDocument | null, tags?: Record<string, string>) => Promise<Seeded>,
  /** What the public fix makes of the open statement; by default it goes. */
  publicFix?: (open: Statement) => Statement,
): Promise<Resource[]> {
  const suffix = `${account}-${short(region)}`;
  const { legitimate, open, partners } = statements;
  const message = (id: string) => ({ account, region, type, id, delay: 0 });
  const findings = (...checks: string[]): ExpectedFinding[] =>
    checks.map((check) => ({ check, fixable: true }));

  const mixed = await create(`e2e-mixed-${suffix}`, policy(legitimate, open, partners));
  // The public statement goes, the stranger leaves the partners' statement, the rest stays exactly.
  const fixed = policy(
    legitimate,
    ...(publicFix ? [publicFix(open)] : []),
    narrowedTo(partners, { AWS: root(otherAccount(account)) }),
  );
  const ok = await create(`e2e-private-${suffix}`, policy(legitimate));
  const out: Resource[] = [
    {
      label: `${type} public, known and unknown accounts ${mixed.id} ${account} ${region}`,
      message: message(mixed.id),
      seeded: true,
      excepted: false,
      findings: [
        { check: `${type}.public`, fixable: true, mentions: [`statement "${open.Sid}"`] },
        { check: `${type}.shared_unknown_account`, fixable: true, mentions: [`account ${STRANGER}`] },
      ],
      read: mixed.read,
      verifyFixed: (state) => expectPolicy(state as PolicyDocument | null, fixed, `${type} ${mixed.id}`),
    },
    {
      label: `${type} legitimate grants only ${ok.id} ${account} ${region}`,
      message: message(ok.id),
      seeded: true,
      excepted: false,
      findings: [],
      read: ok.read,
    },
  ];
  if (account === ACCOUNTS[0] && region === REGIONS[1]) {
    const tagged = await create(`e2e-tagged-${suffix}`, policy(open), {
      [EXCEPTION_TAG.Key]: EXCEPTION_TAG.Value,
    });
    out.push({
      label: `${type} excepted by tag ${tagged.id} ${account} ${region}`,
      message: message(tagged.id),
      seeded: true,
      excepted: true,
      findings: findings(`${type}.public`),
      read: tagged.read,
    });
  }
  return out;
}

const tagList = (tags?: Record<string, string>) =>
  Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));

/** ECR repositories: who may pull, in the repository policy. */
export const ecrSeeder: Seeder = {
  seed: async ({ accounts, account, region }) => {
    const ecr = accounts.client(ECRClient, account, region);
    const pull = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
    return seedPolicies(
      'ecr_repository',
      account,
      region,
      {
        legitimate: {
          Sid: 'LambdaPulls',
          Effect: 'Allow',
          Principal: { Service: 'lambda.amazonaws.com' },
          Action: pull,
          Condition: { StringLike: { 'aws:sourceArn': `arn:aws:lambda:${region}:${account}:function:*` } },
        },
        open: { Sid: 'AnyonePulls', Effect: 'Allow', Principal: '*', Action: pull },
        partners: {
          Sid: 'PartnersPull',
          Effect: 'Allow',
          Principal: { AWS: [root(otherAccount(account)), root(STRANGER)] },
          Action: pull,
        },
      },
      async (repositoryName, document, tags) => {
        await ecr.send(new CreateRepositoryCommand({ repositoryName, tags: tagList(tags) }));
        if (document) {
          await ecr.send(
            new SetRepositoryPolicyCommand({ repositoryName, policyText: JSON.stringify(document) }),
          );
        }
        return {
          id: repositoryName,
          read: async () => {
            try {
              return parse((await ecr.send(new GetRepositoryPolicyCommand({ repositoryName }))).policyText);
            } catch (error) {
              if ((error as Error).name === 'RepositoryPolicyNotFoundException') return null;
              throw error;
            }
          },
        };
      },
    );
  },
};

/** EFS file systems: who may mount and write, in the file system policy. */
export const efsSeeder: Seeder = {
  seed: async (ctx) => {
    const { accounts, account, region } = ctx;
    const efs = accounts.client(EFSClient, account, region);
    const client = ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'];
    const create = async (token: string, document: PolicyDocument | null, tags?: Record<string, string>) => {
      const { FileSystemId } = await efs.send(
        new CreateFileSystemCommand({
          CreationToken: token,
          Tags: [{ Key: 'Name', Value: token }, ...tagList(tags)],
        }),
      );
      if (document) {
        await efs.send(new PutFileSystemPolicyCommand({ FileSystemId, Policy: JSON.stringify(document) }));
      }
      return {
        id: FileSystemId!,
        read: async () => {
          try {
            return parse((await efs.send(new DescribeFileSystemPolicyCommand({ FileSystemId }))).Policy);
          } catch (error) {
            if ((error as Error).name === 'PolicyNotFound') return null;
            throw error;
          }
        },
      };
    };
    const resources = await seedPolicies(
      'efs_file_system',
      account,
      region,
      {
        // Everyone, but only through a mount target (the console's "Prevent anonymous access"): not public.
        legitimate: {
          Sid: 'ThroughMountTargets',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['elasticfilesystem:ClientRootAccess', 'elasticfilesystem:ClientWrite'],
          Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } },
        },
        open: { Sid: 'AnyoneMounts', Effect: 'Allow', Principal: '*', Action: client },
        partners: {
          Sid: 'PartnersMount',
          Effect: 'Allow',
          Principal: { AWS: [root(otherAccount(account)), root(STRANGER)] },
          Action: client,
        },
      },
      create,
      // Pinned to clients that come through a mount target, not removed: NFS clients without IAM are
      // anonymous, and keep their access from the file system's network.
      (open) => ({ ...open, Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } } }),
    );
    // The default policy (none set): not public.
    const bare = await create(`e2e-default-${account}-${short(region)}`, null);
    resources.push({
      label: `efs_file_system default policy ${bare.id} ${account} ${region}`,
      message: { account, region, type: 'efs_file_system', id: bare.id, delay: 0 },
      seeded: true,
      excepted: false,
      findings: [],
      read: bare.read,
    });
    return resources;
  },
};
