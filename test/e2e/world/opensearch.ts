import {
  CreateDomainCommand,
  DescribeDomainConfigCommand,
  OpenSearchClient,
} from '@aws-sdk/client-opensearch';
import { ACCOUNTS, type Accounts, REGIONS, otherAccount } from '../aws';
import {
  EXCEPTION_TAG,
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

/**
 * OpenSearch domains: public endpoints whose access policy lets anyone in next to a known account's
 * statement (the open statement goes, or the wildcard is taken out of a shared one), one open only to
 * a narrow address range, one in a VPC with an open policy (no public endpoint), and one excepted by
 * tag. Policies are written as the suite reads them back.
 */
async function domains(accounts: Accounts, account: string, region: string): Promise<Resource[]> {
  const os = accounts.client(OpenSearchClient, account, region);
  const arn = (name: string) => `arn:aws:es:${region}:${account}:domain/${name}`;
  const known = root(otherAccount(account));
  const partner = (name: string): Statement => ({
    Sid: 'KnownAccountReads',
    Effect: 'Allow',
    Principal: { AWS: known },
    Action: ['es:ESHttpGet', 'es:ESHttpPost'],
    Resource: `${arn(name)}/*`,
  });
  const open = (name: string, Sid = 'Anyone'): Statement => ({
    Sid,
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: 'es:ESHttp*',
    Resource: `${arn(name)}/*`,
  });
  const create = async (
    name: string,
    written: PolicyDocument,
    extra: { vpc?: boolean; tagged?: boolean } = {},
  ) => {
    await os.send(
      new CreateDomainCommand({
        DomainName: name,
        EngineVersion: 'OpenSearch_2.13',
        AccessPolicies: JSON.stringify(written),
        ...(extra.vpc ? { VPCOptions: { SubnetIds: ['subnet-e2e'], SecurityGroupIds: ['sg-e2e'] } } : {}),
        ...(extra.tagged ? { TagList: [EXCEPTION_TAG] } : {}),
      }),
    );
    return async () =>
      parse(
        (await os.send(new DescribeDomainConfigCommand({ DomainName: name }))).DomainConfig?.AccessPolicies
          ?.Options,
      );
  };
  const message = (id: string): Message => ({ account, region, type: 'opensearch_domain', id, delay: 0 });
  const out: Resource[] = [];

  // Anyone, in a statement of its own next to the known account's: the open statement goes.
  const pub = 'e2e-public';
  const readPub = await create(pub, policy(partner(pub), open(pub)));
  out.push({
    label: `opensearch_domain public ${pub} ${account} ${region}`,
    message: message(pub),
    seeded: true,
    excepted: false,
    findings: [
      {
        check: 'opensearch_domain.public',
        fixable: true,
        mentions: ['statement "Anyone"', 'public endpoint'],
      },
    ],
    read: readPub,
    verifyFixed: (state) => expectExactly(state as PolicyDocument | null, [partner(pub)], `domain ${pub}`),
  });

  // The known account and anyone in one statement: narrowed to the known account.
  const mixedName = 'e2e-mixed';
  const mixed: Statement = { ...open(mixedName, 'KnownAccountAndAnyone'), Principal: { AWS: [known, '*'] } };
  const readMixed = await create(mixedName, policy(mixed));
  out.push({
    label: `opensearch_domain known account and anyone in one statement ${mixedName} ${account} ${region}`,
    message: message(mixedName),
    seeded: true,
    excepted: false,
    findings: [
      { check: 'opensearch_domain.public', fixable: true, mentions: ['statement "KnownAccountAndAnyone"'] },
    ],
    read: readMixed,
    verifyFixed: (state) =>
      expectPolicy(
        state as PolicyDocument | null,
        policy(narrowedTo(mixed, { AWS: known })),
        `domain ${mixedName}`,
      ),
  });

  // Anyone, but only from one office range: not public.
  const office = 'e2e-office';
  const readOffice = await create(
    office,
    policy({ ...open(office, 'Office'), Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }),
  );
  out.push({
    label: `opensearch_domain open to one address range ${office} ${account} ${region}`,
    message: message(office),
    seeded: true,
    excepted: false,
    findings: [],
    read: readOffice,
  });

  // In a VPC: no public endpoint, so its open policy lets nobody on the internet in.
  const inVpc = 'e2e-vpc';
  const readVpc = await create(inVpc, policy(open(inVpc)), { vpc: true });
  out.push({
    label: `opensearch_domain in a VPC ${inVpc} ${account} ${region}`,
    message: message(inVpc),
    seeded: true,
    excepted: false,
    findings: [],
    read: readVpc,
  });

  // Excepted by tag, in one account and region: reported, never changed.
  if (account === ACCOUNTS[0] && region === REGIONS[1]) {
    const tagged = 'e2e-tagged';
    const readTagged = await create(tagged, policy(open(tagged)), { tagged: true });
    out.push({
      label: `opensearch_domain excepted by tag ${tagged} ${account} ${region}`,
      message: message(tagged),
      seeded: true,
      excepted: true,
      findings: [{ check: 'opensearch_domain.public', fixable: true }],
      read: readTagged,
    });
  }
  return out;
}

/** OpenSearch Service domains, public next to legitimate statements, and ones that are not public. */
export const opensearchSeeder: Seeder = {
  seed: ({ accounts, account, region }) => domains(accounts, account, region),
};
