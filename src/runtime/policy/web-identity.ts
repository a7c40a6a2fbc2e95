/**
 * Web-identity (OIDC) providers a role trust may name, and which of their token claims say whose
 * token it is. Subject formats: GitHub Actions
 * (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect),
 * GitLab ID tokens (https://docs.gitlab.com/ci/secrets/id_token_authentication/), Terraform Cloud
 * workload identity, EKS IAM roles for service accounts, and the IAM User Guide's keys for Cognito,
 * Google, Facebook and Login with Amazon
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif).
 */

import { type Pattern, exampleOf, fixedPrefix, isFixed } from './pattern';

export interface WebIdentityProvider {
  /** The condition key prefix: the provider's host (and path), lower-cased. */
  readonly host: string;
  /** A readable name for messages. */
  readonly name: string;
  /** Claim keys (without the host) whose fixed values say whose token it is. */
  readonly pinKeys: readonly string[];
  /** Whether a value of a pinning claim fixes the owner, so that a stranger cannot match it. */
  fixes(claim: string, pattern: Pattern): boolean;
  /** A value of the claim in a stranger's own token. */
  strangerValue(claim: string): string;
}

const written = (pattern: Pattern) => isFixed(pattern);

/** A subject whose owner segment is written out in full, with its separator, before any wildcard. */
const ownerPrefix =
  (...prefixes: RegExp[]) =>
  (claim: string, pattern: Pattern) =>
    written(pattern) || (claim === 'sub' && prefixes.some((p) => p.test(fixedPrefix(pattern))));

interface Rule extends Omit<WebIdentityProvider, 'host'> {
  readonly match: (host: string) => boolean;
}

const RULES: readonly Rule[] = [
  {
    name: 'GitHub Actions',
    match: (h) =>
      h === 'token.actions.githubusercontent.com' || h.startsWith('token.actions.githubusercontent.com/'),
    pinKeys: ['sub'],
    fixes: ownerPrefix(/^repo:[^/:]+\//, /^(repository_owner|repository_owner_id|repository_id):[^:]+:/),
    strangerValue: (claim) =>
      claim === 'sub' ? 'repo:stranger-org/stranger-repo:ref:refs/heads/main' : 'sts.amazonaws.com',
  },
  {
    name: 'GitLab',
    match: (h) => h === 'gitlab.com',
    pinKeys: ['sub'],
    fixes: ownerPrefix(/^project_path:[^/:]+\//),
    strangerValue: (claim) =>
      claim === 'sub'
        ? 'project_path:stranger-group/stranger-project:ref_type:branch:ref:main'
        : 'https://gitlab.com',
  },
  {
    name: 'Terraform Cloud',
    match: (h) => h === 'app.terraform.io',
    pinKeys: ['sub'],
    fixes: ownerPrefix(/^organization:[^:]+:/),
    strangerValue: (claim) =>
      claim === 'sub'
        ? 'organization:stranger:project:p:workspace:w:run_phase:apply'
        : 'aws.workload.identity',
  },
  {
    name: 'EKS',
    match: (h) => /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\//.test(h),
    pinKeys: ['sub'],
    fixes: ownerPrefix(/^system:serviceaccount:[^:]+:/),
    strangerValue: (claim) =>
      claim === 'sub' ? 'system:serviceaccount:stranger:default' : 'sts.amazonaws.com',
  },
  {
    name: 'Amazon Cognito',
    match: (h) => h === 'cognito-identity.amazonaws.com',
    pinKeys: ['aud', 'sub'],
    fixes: (_claim, pattern) => written(pattern),
    strangerValue: () => 'us-east-1:00000000-0000-4000-8000-000000000000',
  },
  {
    name: 'Google',
    match: (h) => h === 'accounts.google.com',
    pinKeys: ['aud', 'oaud', 'sub'],
    fixes: (_claim, pattern) => written(pattern),
    strangerValue: () => 'stranger.apps.googleusercontent.com',
  },
  {
    name: 'Facebook',
    match: (h) => h === 'graph.facebook.com',
    pinKeys: ['app_id', 'id'],
    fixes: (_claim, pattern) => written(pattern),
    strangerValue: () => '1000000000000001',
  },
  {
    name: 'Login with Amazon',
    match: (h) => h === 'www.amazon.com',
    pinKeys: ['app_id', 'user_id'],
    fixes: (_claim, pattern) => written(pattern),
    strangerValue: () => 'amzn1.application.stranger',
  },
];

const GENERIC: Omit<Rule, 'match'> = {
  name: 'OIDC provider',
  pinKeys: ['sub', 'aud'],
  // The audience sts.amazonaws.com is what every token meant for AWS carries.
  fixes: (claim, pattern) => written(pattern) && !(claim === 'aud' && pattern.source === 'sts.amazonaws.com'),
  strangerValue: (claim) => (claim === 'aud' ? 'sts.amazonaws.com' : 'stranger-subject'),
};

/**
 * The provider a `Federated` principal names: an OIDC provider ARN
 * (`arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com`) or one of the
 * well-known hosts (`accounts.google.com`). Undefined for SAML providers: they are the account's own.
 */
export function webIdentityProvider(federated: string): WebIdentityProvider | undefined {
  if (federated.includes(':saml-provider/')) return undefined;
  const marker = ':oidc-provider/';
  const at = federated.indexOf(marker);
  const host = (at >= 0 ? federated.slice(at + marker.length) : federated).toLowerCase();
  if (host === '' || host === '*') return undefined;
  const rule = RULES.find((r) => r.match(host)) ?? GENERIC;
  return {
    host,
    name: rule.name,
    pinKeys: rule.pinKeys,
    fixes: rule.fixes,
    strangerValue: rule.strangerValue,
  };
}

/** A value of a non-pinning pattern that a stranger's token can carry. */
export function strangerMatch(pattern: Pattern): string {
  return exampleOf(pattern, 'stranger');
}
