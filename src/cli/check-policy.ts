import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { isRecord } from '../runtime/json';
import { RESOURCE_TYPES } from '../runtime/contracts/message';
import type { ResolvedSettings } from '../runtime/contracts/settings';
import { ConfigurationError } from '../runtime/errors';
import { type PolicyDocument, parsePolicy } from '../runtime/policy/document';
import { judgePolicy } from '../runtime/policy/evaluate';
import type { CommandIO } from './io';

/** The resource types whose policy `check-policy` judges, and what the document is for each. */
export const POLICY_TYPES: Readonly<Record<string, string>> = {
  iam_role: 'a role trust policy',
  s3_bucket: 'a bucket policy',
  sqs: 'a queue policy',
  kms_key: 'a key policy',
  lambda_function: "a function's resource-based policy",
  sns_topic: 'a topic policy',
  secretsmanager_secret: "a secret's resource policy",
  ecr_repository: 'a repository policy',
  efs_file_system: 'a file system policy',
  dynamodb_table: "a table's or stream's resource policy",
  lambda_layer: "a layer version's policy",
  opensearch_domain: "a domain's access policy",
};

/** The account a policy is judged for when neither --account nor AWS credentials say another. */
export const OFFLINE_ACCOUNT = '123456789012';

/** The exit code when the policy is public (0: not public, 2: could not judge). */
export const EXIT_PUBLIC = 3;

export interface CheckPolicyOptions {
  readonly type: string;
  readonly account?: string;
  readonly knownAccounts?: readonly string[];
  readonly organizationIds?: readonly string[];
  /** Settings whose accounts count as known. */
  readonly settings?: ResolvedSettings;
  /** The caller's account, when --account is not given; undefined when there are no credentials. */
  readonly callerAccount?: () => Promise<string | undefined>;
}

/** A bad argument or input: one line on stderr, exit code 2. */
export class CheckPolicyInputError extends ConfigurationError {
  constructor(message: string) {
    super(message);
    this.name = 'CheckPolicyInputError';
  }
}

const typeList = () =>
  Object.entries(POLICY_TYPES)
    .map(([type, what]) => `${type} (${what})`)
    .join(', ');

function checkOptions(options: CheckPolicyOptions): void {
  if (!(options.type in POLICY_TYPES)) {
    const known = (RESOURCE_TYPES as readonly string[]).includes(options.type);
    throw new CheckPolicyInputError(
      `--type ${options.type} ${known ? 'has no policy document to check' : 'is not a resource type'}; use one of: ${typeList()}`,
    );
  }
  for (const account of [...(options.account ? [options.account] : []), ...(options.knownAccounts ?? [])]) {
    if (!/^\d{12}$/.test(account)) {
      throw new CheckPolicyInputError(`${account} is not a 12-digit AWS account id, like 123456789012`);
    }
  }
  for (const id of options.organizationIds ?? []) {
    if (!/^o-[a-z0-9]{10,32}$/.test(id)) {
      throw new CheckPolicyInputError(`${id} is not an organization id, like o-a1b2c3d4e5`);
    }
  }
}

async function readAll(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The problem that makes a value not a policy document, or undefined when it is one: an object with a
 * Statement (one object or a list), each statement an Allow or Deny naming a principal and actions.
 */
export function policyDocumentProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'it is not a JSON object';
  if (value.Statement === undefined) return 'it has no "Statement"';
  const statements = Array.isArray(value.Statement) ? value.Statement : [value.Statement];
  if (statements.length === 0) return '"Statement" is empty';
  for (const [i, statement] of statements.entries()) {
    const where = `statement ${i + 1}`;
    if (!isRecord(statement)) return `${where} is not an object`;
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
      return `${where} has Effect ${JSON.stringify(statement.Effect)}; it must be "Allow" or "Deny"`;
    }
    if (statement.Principal === undefined && statement.NotPrincipal === undefined) {
      return `${where} has no Principal or NotPrincipal (a resource or trust policy names who it applies to)`;
    }
    if (statement.Action === undefined && statement.NotAction === undefined) {
      return `${where} has no Action or NotAction`;
    }
    if (statement.Condition !== undefined && !isRecord(statement.Condition)) {
      return `${where} has a Condition that is not an object`;
    }
  }
  return undefined;
}

/** Whether the standard AWS environment or files name any credentials. */
export function credentialsConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (
    env.AWS_ACCESS_KEY_ID ||
    env.AWS_PROFILE ||
    env.AWS_WEB_IDENTITY_TOKEN_FILE ||
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ||
    env.AWS_CONTAINER_CREDENTIALS_FULL_URI
  ) {
    return true;
  }
  const home = homedir();
  return [
    env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials'),
    env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config'),
  ].some((file) => existsSync(file));
}

/**
 * `aws-remediation check-policy`: judges the policy document on stdin as the remediator would, and
 * prints `{"public": ..., "statements": [...]}`. Returns the exit code: 0 not public, 3 public.
 * Throws {@link CheckPolicyInputError} (exit 2) for a bad option or an input that is not a policy.
 */
export async function runCheckPolicy(io: CommandIO, options: CheckPolicyOptions): Promise<number> {
  checkOptions(options);
  if ((io.stdin as Readable & { isTTY?: boolean }).isTTY) {
    throw new CheckPolicyInputError(
      `check-policy reads the policy document on stdin, like: aws-remediation check-policy --type ${options.type} < policy.json`,
    );
  }
  const text = await readAll(io.stdin);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CheckPolicyInputError(
      `the input is not a policy document: ${text.trim() === '' ? 'stdin is empty' : `not JSON (${(error as Error).message})`}`,
    );
  }
  const problem = policyDocumentProblem(value);
  if (problem) throw new CheckPolicyInputError(`the input is not a policy document: ${problem}`);
  const document: PolicyDocument = parsePolicy(text);

  let account = options.account;
  if (!account) {
    account = (await options.callerAccount?.()) ?? OFFLINE_ACCOUNT;
    io.stderr.write(
      `check-policy: judging as a policy of account ${account}${account === OFFLINE_ACCOUNT ? ' (no --account, no AWS credentials)' : ' (your credentials)'}\n`,
    );
  }
  const settings = options.settings;
  const known = [
    ...(options.knownAccounts ?? []),
    ...(settings
      ? [
          ...settings.accounts,
          ...settings.devAccounts,
          ...settings.organizationAccounts,
          ...(settings.guardDutyAdminAccount ? [settings.guardDutyAdminAccount] : []),
        ]
      : []),
  ];
  const verdict = judgePolicy(document, {
    type: options.type,
    account,
    knownAccounts: known,
    organizationIds: options.organizationIds ?? [],
  });
  const output = {
    public: verdict.public,
    statements: verdict.statements.map((s) => ({
      index: s.index,
      ...(s.sid !== undefined ? { sid: s.sid } : {}),
      effect: s.effect,
      public: s.public,
      reasons: s.reasons,
      ...(s.external.length > 0 ? { external: s.external } : {}),
    })),
    type: options.type,
    account,
  };
  io.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  return verdict.public ? EXIT_PUBLIC : 0;
}
