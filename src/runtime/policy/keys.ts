/**
 * Condition keys whose value a caller cannot choose, and what part of the value identifies the owner.
 * The reference is S3 Block Public Access's list of fixed-value keys ("The meaning of public",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html),
 * completed with the organization keys of the IAM global condition keys
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html) and KMS's
 * kms:CallerAccount. Every other key is free-form: the caller chooses its value, or leaves it out.
 */

/**
 * - `account`: an account id, the caller's own (present for every signed request).
 * - `sourceAccount`: an account id, present when a service acts on the caller's behalf.
 * - `accessPointAccount`: an account id, present when the request comes through an access point.
 * - `org`, `sourceOrg`: an organization id, present when the caller (or the source) is in one.
 * - `orgPaths`, `sourceOrgPaths`: organization paths, identified by the organization id before `/`.
 * - `principalArn`: the caller's ARN (present for signed requests); `sourceArn`, `accessPointArn`,
 *   `keyArn`: other ARNs that may be absent; identified by the account field (or an S3 bucket name).
 * - `network`: a VPC or VPC endpoint id, present when the request comes through one.
 * - `userid`: the caller's unique id, identified by the part before `:`.
 * - `ip`: the caller's address.
 * - `service`: a service principal's name, absent for everyone else.
 * - `serviceFlag`: whether the caller is an AWS service ("false" for everyone else).
 * - `resourceAccount`: the resource's own account, whoever calls.
 * - `time`: the time of the request (aws:CurrentTime, aws:EpochTime): judged now and later.
 * - `mountTarget`: whether an NFS client comes through a mount target of the file system, in its
 *   owner's network ("false" for everyone else); Amazon EFS counts it among the fixed-value keys
 *   (https://docs.aws.amazon.com/efs/latest/ug/access-control-block-public-access.html).
 */
export type KeyKind =
  | 'account'
  | 'sourceAccount'
  | 'accessPointAccount'
  | 'org'
  | 'sourceOrg'
  | 'orgPaths'
  | 'sourceOrgPaths'
  | 'principalArn'
  | 'sourceArn'
  | 'accessPointArn'
  | 'keyArn'
  | 'network'
  | 'userid'
  | 'ip'
  | 'service'
  | 'serviceFlag'
  | 'resourceAccount'
  | 'time'
  | 'mountTarget'
  | 'free';

interface KeyEntry {
  readonly kind: KeyKind;
  /** Resource types whose policies this key means something in; absent: every policy. */
  readonly only?: readonly string[];
}

const KEYS: Record<string, KeyEntry> = {
  'aws:principalaccount': { kind: 'account' },
  'aws:sourceaccount': { kind: 'sourceAccount' },
  'aws:sourceowner': { kind: 'sourceAccount' },
  'aws:principalorgid': { kind: 'org' },
  'aws:sourceorgid': { kind: 'sourceOrg' },
  'aws:principalorgpaths': { kind: 'orgPaths' },
  'aws:sourceorgpaths': { kind: 'sourceOrgPaths' },
  'aws:principalarn': { kind: 'principalArn' },
  'aws:sourcearn': { kind: 'sourceArn' },
  'aws:sourcevpc': { kind: 'network' },
  'aws:sourcevpce': { kind: 'network' },
  'aws:sourcevpcarn': { kind: 'sourceArn' },
  'aws:userid': { kind: 'userid' },
  'aws:sourceip': { kind: 'ip' },
  'aws:principalservicename': { kind: 'service' },
  'aws:principalservicenameslist': { kind: 'service' },
  'aws:principalisawsservice': { kind: 'serviceFlag' },
  'aws:resourceaccount': { kind: 'resourceAccount' },
  'aws:currenttime': { kind: 'time' },
  'aws:epochtime': { kind: 'time' },
  'kms:calleraccount': { kind: 'account', only: ['kms_key'] },
  's3:dataaccesspointaccount': { kind: 'accessPointAccount', only: ['s3_bucket'] },
  's3:dataaccesspointarn': { kind: 'accessPointArn', only: ['s3_bucket'] },
  's3:x-amz-server-side-encryption-aws-kms-key-id': { kind: 'keyArn', only: ['s3_bucket'] },
  'elasticfilesystem:accessedviamounttarget': { kind: 'mountTarget', only: ['efs_file_system'] },
};

/** What a key (any letter case) is, in the policy of a resource type. */
export function keyKind(key: string, resourceType: string): KeyKind {
  const entry = KEYS[key.toLowerCase()];
  if (!entry) return 'free';
  if (entry.only && !entry.only.includes(resourceType)) return 'free';
  return entry.kind;
}

/** Kinds whose fixed values name accounts (listed as external when the accounts are not known). */
export const ACCOUNT_KINDS: ReadonlySet<KeyKind> = new Set([
  'account',
  'sourceAccount',
  'accessPointAccount',
]);
export const ORG_KINDS: ReadonlySet<KeyKind> = new Set(['org', 'sourceOrg']);
export const ORG_PATH_KINDS: ReadonlySet<KeyKind> = new Set(['orgPaths', 'sourceOrgPaths']);
export const ARN_KINDS: ReadonlySet<KeyKind> = new Set([
  'principalArn',
  'sourceArn',
  'accessPointArn',
  'keyArn',
]);

/** Kinds a stranger cannot choose the identifying part of. */
export function isPinningKind(kind: KeyKind): boolean {
  return kind !== 'free' && kind !== 'time' && kind !== 'resourceAccount';
}
