import { expect } from 'chai';
import { ACCOUNTS, type Accounts, REGIONS } from '../aws';

/** A resource message as the poller lists it. */
export interface Message {
  readonly account: string;
  readonly region: string;
  readonly type: string;
  readonly id: string;
  readonly delay: number;
}

/** A finding a resource must yield: its check, and whether the check has an automatic fix. */
export interface ExpectedFinding {
  readonly check: string;
  readonly fixable: boolean;
  /** Text its message must contain, like the public statement: `statement "Sid"`. */
  readonly mentions?: readonly string[];
}

/** A resource policy the suite wrote, to judge with `check-policy` as read back and to compare exactly. */
export interface PolicyCase {
  /** The policy document in a state read back (a bucket's state also holds its ACL). */
  of(state: unknown): PolicyDocument | null;
  /** The document as the suite wrote it: unless a fix applies, it must read back exactly so (parsed). */
  readonly written: PolicyDocument;
  /** The Sids of its public statements as written (none: not public; once fixed, none is). */
  readonly publicStatements: readonly string[];
}

/** A seeded (or pre-existing) resource, what the remediator must find on it, and how to check its fix. */
export interface Resource {
  /** What it is, for assertion messages: "sqs e2e-public-... 111111111111 us-east-1". */
  readonly label: string;
  readonly message: Message;
  /** Seeded by the suite (false: made by the server itself, like a default VPC's security group). */
  readonly seeded: boolean;
  /** Excepted by settings: audited and reported, never changed. */
  readonly excepted: boolean;
  readonly findings: readonly ExpectedFinding[];
  /** The state fixes change (policy, ACL, rules, shares), read from the server. */
  read(): Promise<unknown>;
  /** The state right after seeding. */
  initial?: unknown;
  /** Asserts the state after its fixes were applied (`initial`: the state as seeded). */
  readonly verifyFixed?: (state: unknown, initial: unknown) => void;
  /** Its policy, where the suite judges it with `check-policy` and compares it with what was written. */
  readonly policy?: PolicyCase;
}

export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Principal?: unknown;
  readonly Action: unknown;
  readonly Resource?: unknown;
  readonly Condition?: unknown;
}

export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly Statement[];
}

export const policy = (...statements: Statement[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: statements,
});
export const parse = (text: string | undefined | null): PolicyDocument | null =>
  text ? (JSON.parse(text) as PolicyDocument) : null;
export const root = (account: string) => `arn:aws:iam::${account}:root`;
/** A short form of a region for names: eu-west-1 -> euw1. */
export const short = (region: string) => region.replace(/-(\w)\w+-(\d)$/, '$1$2').replace(/^(\w\w)-/, '$1');

/** The settings of the suite's deployment; `remediate` is added by each test. */
export const SETTINGS_BASE = {
  regions: [...REGIONS],
  accounts: [...ACCOUNTS],
  memberRoleName: 'member_remediator',
  externalId: 'e2e-external-id',
  exceptions: {
    resources: { s3_bucket: [`e2e-excepted-${ACCOUNTS[0]}`] },
    tag: { key: 'remediation', value: 'skip' },
  },
};

/**
 * What `remediate` turns on: every fix of the seeded types, and by name the removal of shares with
 * unknown accounts (partner access is fixed only when its check is named).
 */
export const REMEDIATE = {
  sqs: true,
  s3_bucket: true,
  iam_role: true,
  kms_key: true,
  security_group: true,
  ebs_snapshot: true,
  ami: true,
  lambda_function: true,
  'ec2.imdsv1_allowed': true,
  'ami.shared_unknown_account': true,
  'ebs_snapshot.shared_unknown_account': true,
  sns_topic: true,
  'sns_topic.shared_unknown_account': true,
  secretsmanager_secret: true,
  'secretsmanager_secret.shared_unknown_account': true,
  ecr_repository: true,
  efs_file_system: true,
  'ecr_repository.shared_unknown_account': true,
  'efs_file_system.shared_unknown_account': true,
  rds_cluster_snapshot: true,
  'rds_cluster_snapshot.shared_unknown_account': true,
  opensearch_domain: true,
  dynamodb_table: true,
  'dynamodb_table.shared_unknown_account': true,
  lambda_layer: true,
  'lambda_layer.shared_unknown_account': true,
};

/** The exception tag of the settings. */
export const EXCEPTION_TAG = { Key: 'remediation', Value: 'skip' };

/** Whether a principal is, or includes, the wildcard. */
export function hasWildcardPrincipal(statement: Statement & { NotPrincipal?: unknown }): boolean {
  if (statement.NotPrincipal !== undefined) return true;
  const p = statement.Principal;
  if (p === '*') return true;
  if (p && typeof p === 'object')
    return Object.values(p).some((v) => (Array.isArray(v) ? v.includes('*') : v === '*'));
  return false;
}

/** The organization of the member accounts, which "outside the organization" Deny statements name. */
export const ORGANIZATION = 'o-e2eexample';

/** A statement with only its legitimate principals: what a narrowing fix leaves of a public one. */
export const narrowedTo = (statement: Statement, Principal: unknown): Statement => ({
  ...statement,
  Principal,
});

/** Asserts that a policy read back is exactly `expected` (parsed: layout and key order aside). */
export function expectPolicy(after: PolicyDocument | null, expected: PolicyDocument, what: string) {
  expect(after, `${what}: policy`).to.deep.equal(expected);
}

/** Asserts that `after` kept every statement of `legitimate` exactly, and holds no other statement. */
export function expectExactly(after: PolicyDocument | null, legitimate: readonly Statement[], what: string) {
  expect(after, `${what}: policy`).to.not.equal(null);
  expect(after!.Statement, `${what}: statements`).to.deep.equal(legitimate);
}

/** A finding as the CLI prints it and notifications carry it (the fields the suite checks). */
export interface PrintedFinding {
  readonly check: string;
  readonly resource: Message;
  readonly message: string;
  readonly remediation: { readonly status: string; readonly action: string; readonly reason?: string };
  readonly before?: unknown;
}

/** "account region type id check status": one line per finding, for exact comparisons. */
export function findingLine(f: PrintedFinding): string {
  return `${messageKey(f.resource)} ${f.check} ${f.remediation.status}`;
}

/** "account region type id": what identifies a resource message. */
export function messageKey(m: Pick<Message, 'account' | 'region' | 'type' | 'id'>): string {
  return `${m.account} ${m.region} ${m.type} ${m.id}`;
}

/** Messages in the order of {@link messageKey}. */
export function sortMessages<M extends Message>(messages: readonly M[]): M[] {
  return [...messages].sort((a, b) => messageKey(a).localeCompare(messageKey(b)));
}

/** Where a seeder works: an account, and a region (the home region for global types). */
export interface SeedContext {
  readonly accounts: Accounts;
  readonly account: string;
  readonly region: string;
}

/** Seeds the resources of one or more types in an account and region, with what each must yield. */
export interface Seeder {
  /** Global types (IAM, S3) are seeded once per account, before the regional ones. */
  readonly global?: boolean;
  seed(ctx: SeedContext): Promise<Resource[]>;
}
