/**
 * Deciding whether a resource policy statement is public: it allows everyone (a `*` principal, or
 * `NotPrincipal`) and no condition pins the caller to known accounts, the organization or a private
 * network. Used by the auditors of queue, bucket, key, function and role policies.
 */

import { isRecord } from '../json';

/** A statement of an IAM policy document, as JSON parsing gives it. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect?: unknown;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly Condition?: unknown;
}

/** Who counts as known: the watched accounts and the organizations. */
export interface TrustedCallers {
  readonly accounts: ReadonlySet<string>;
  /** Ids (o-...) of the configured organizations; a condition naming any other one pins nobody known. */
  readonly organizationIds: ReadonlySet<string>;
}

const ACCOUNT_KEYS = new Set([
  'aws:sourceaccount',
  'aws:principalaccount',
  'aws:sourceowner',
  'kms:calleraccount',
]);
const ARN_KEYS = new Set(['aws:sourcearn', 'aws:principalarn']);
const NETWORK_KEYS = new Set(['aws:sourcevpce', 'aws:sourcevpc']);
/** Operators that grant only when the key is present and matches. */
const POSITIVE_OPERATORS = new Set([
  'stringequals',
  'stringequalsignorecase',
  'stringlike',
  'arnequals',
  'arnlike',
]);

function toList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

const hasWildcard = (value: string) => value.includes('*') || value.includes('?');

/** Whether a principal element names everyone: `"*"`, `{"AWS": "*"}`, or a list containing `"*"`. */
export function isWildcardPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (!isRecord(principal)) return false;
  return Object.values(principal).some((value) => toList(value).includes('*'));
}

/**
 * The account id of an ARN (`arn:aws:sns:eu-west-1:111111111111:topic` -> `111111111111`); undefined
 * when a wildcard comes before it (`*` may match colons, so the account field is not certain).
 */
function arnAccount(arn: string): string | undefined {
  const parts = arn.split(':');
  if (parts.slice(0, 5).some(hasWildcard)) return undefined;
  const account = parts[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

function pinsValue(key: string, value: unknown, trusted: TrustedCallers): boolean {
  if (typeof value !== 'string' || value === '') return false;
  if (ACCOUNT_KEYS.has(key)) return !hasWildcard(value) && trusted.accounts.has(value);
  if (ARN_KEYS.has(key)) {
    const account = arnAccount(value);
    return account !== undefined && trusted.accounts.has(account);
  }
  if (key === 'aws:principalorgid') return !hasWildcard(value) && trusted.organizationIds.has(value);
  if (key === 'aws:principalorgpaths') {
    const org = value.split('/')[0] ?? '';
    return !hasWildcard(org) && trusted.organizationIds.has(org);
  }
  if (NETWORK_KEYS.has(key)) return !hasWildcard(value);
  return false;
}

/**
 * Whether one condition operator block pins the caller. `...IfExists` and `ForAllValues:` pass when
 * the key is missing, and negated operators match strangers, so none of them pins anyone.
 */
function operatorPins(operator: string, block: unknown, trusted: TrustedCallers): boolean {
  let op = operator.toLowerCase();
  if (op.startsWith('forallvalues:')) return false;
  if (op.startsWith('foranyvalue:')) op = op.slice('foranyvalue:'.length);
  if (op.endsWith('ifexists') || !POSITIVE_OPERATORS.has(op) || !isRecord(block)) return false;
  return Object.entries(block).some(([key, values]) => {
    const list = toList(values);
    return list.length > 0 && list.every((v) => pinsValue(key.toLowerCase(), v, trusted));
  });
}

/**
 * Whether a statement makes the resource public: an Allow for everyone (`*` principal or
 * `NotPrincipal`) without any condition that pins the caller to known accounts (aws:SourceAccount,
 * aws:PrincipalAccount, aws:SourceOwner, kms:CallerAccount, or aws:SourceArn / aws:PrincipalArn naming
 * them), the organization (aws:PrincipalOrgID, aws:PrincipalOrgPaths) or a private network
 * (aws:SourceVpce, aws:SourceVpc). Conditions are ANDed, so one pinning condition is enough.
 */
export function isPublicStatement(statement: PolicyStatement, trusted: TrustedCallers): boolean {
  if (statement.Effect !== 'Allow') return false;
  const everyone = statement.NotPrincipal !== undefined || isWildcardPrincipal(statement.Principal);
  if (!everyone) return false;
  if (!isRecord(statement.Condition)) return true;
  return !Object.entries(statement.Condition).some(([operator, block]) =>
    operatorPins(operator, block, trusted),
  );
}

/**
 * Web-identity providers whose tokens anyone can obtain, and the condition key that narrows a trust
 * to your own identities: the subject (GitHub, GitLab, EKS, any OIDC provider) or, for Cognito and
 * Google, the audience (the identity pool or the app).
 */
function webIdentityPinKeys(provider: string): string[] {
  const host = provider.includes(':oidc-provider/')
    ? provider.slice(provider.indexOf(':oidc-provider/') + 15)
    : provider;
  const keys = [`${host.toLowerCase()}:sub`];
  if (host === 'cognito-identity.amazonaws.com' || host === 'accounts.google.com') keys.push(`${host}:aud`);
  return keys;
}

/** A subject or audience value that names someone: not empty, not starting with a wildcard, not `repo:*`. */
function namesSomeone(value: unknown): boolean {
  return typeof value === 'string' && value !== '' && !/^[*?]/.test(value) && !/^repo:[*?]/.test(value);
}

/**
 * Whether a role trust statement lets anyone with a token of a web-identity provider assume the role:
 * an Allow of `sts:AssumeRoleWithWebIdentity` for a `Federated` OIDC principal (GitHub Actions, Google,
 * Cognito, ...) without a positive condition on the provider's subject (or, for Cognito and Google,
 * audience) naming someone. SAML providers are the account's own and are not judged here.
 */
export function isPublicWebIdentityStatement(statement: PolicyStatement): boolean {
  if (statement.Effect !== 'Allow' || !isRecord(statement.Principal)) return false;
  const federated = toList(statement.Principal.Federated).filter((p): p is string => typeof p === 'string');
  const oidc = federated.filter((p) => !p.includes(':saml-provider/'));
  if (oidc.length === 0) return false;
  const actions = toList(statement.Action).filter((a): a is string => typeof a === 'string');
  if (!actions.some((a) => ['sts:assumerolewithwebidentity', 'sts:*', '*'].includes(a.toLowerCase())))
    return false;
  const conditions = isRecord(statement.Condition) ? Object.entries(statement.Condition) : [];
  const pinned = (keys: string[]) =>
    conditions.some(([operator, block]) => {
      let op = operator.toLowerCase();
      if (op.startsWith('foranyvalue:')) op = op.slice('foranyvalue:'.length);
      if (op.startsWith('forallvalues:') || op.endsWith('ifexists') || !POSITIVE_OPERATORS.has(op))
        return false;
      if (!isRecord(block)) return false;
      return Object.entries(block).some(([key, values]) => {
        const list = toList(values);
        return keys.includes(key.toLowerCase()) && list.length > 0 && list.every(namesSomeone);
      });
    });
  return oidc.some((provider) => !pinned(webIdentityPinKeys(provider)));
}
