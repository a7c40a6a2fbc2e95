/**
 * The manifest of a resource type: everything the package knows about the type, as data, in the
 * type's own folder (`src/runtime/types/<type>/manifest.ts`). The message contract's type list, the
 * check catalogue, the translator's table, the poller's listers, the member role's actions and the
 * README's tables are all derived from the manifests (`./index.ts`).
 *
 * Beside it, the folder holds `auditor.ts` and, when the type has a listing of its own, `lister.ts`.
 * They load SDK clients, so the manifest loads them only when asked (`auditor()`, `listing.load()`):
 * the manifests stay import-light, and the components read the declarations without any SDK client.
 * (The Lambda bundles leave out what a function never asks for: see scripts/build.mjs.)
 */

import type { Auditor } from '../auditors/types';
import type { CloudTrailDetail } from '../events/cloudtrail';
import type { Lister } from '../poller/listers';
import type { UndoTable } from '../undo/types';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * What a fix needs besides `remediate: true`:
 * - `disruptive`: it stops, deletes or deregisters something; it needs `remediateDisruptive`, or its
 *   check or type named in the `remediate` map;
 * - `named`: it removes access granted to named accounts (partners are common); it needs its check id
 *   named in the `remediate` map.
 */
export type Consent = 'disruptive' | 'named';

/**
 * The benchmark requirements a check covers, as their publishers number them: AWS Foundational
 * Security Best Practices (FSBP) control ids (`EC2.8`) and CIS AWS Foundations Benchmark v3.0.0
 * recommendations (`5.6`). Every id is listed, with its title and source, in
 * `src/runtime/compliance/controls.ts`.
 */
export interface Compliance {
  readonly fsbp?: readonly string[];
  readonly cis?: readonly string[];
}

/** How a resource of the type is named in AWS Security Hub (ASFF `Resources[]`). */
export interface SecurityHubResource {
  /** The ASFF resource type (`AwsSqsQueue`), or `Other` when ASFF has none for it. */
  readonly resourceType: string;
  /** The resource's ARN (or, for `AwsAccount`, `AWS::::Account:<id>`) from the message. */
  readonly arn: (resource: { account: string; region: string; id: string }, partition: string) => string;
}

/** One check of a type. */
export interface CheckSpec<Id extends string = string> {
  /** `<type>.<name>`. */
  readonly id: Id;
  readonly severity: Severity;
  /** One line a person reads in a notification, e.g. "SQS queue policy allows anyone". */
  readonly title: string;
  /** What the automatic fix does, in a few words; absent when the check is only reported. */
  readonly fix?: string;
  readonly consent?: Consent;
  /**
   * Why `undo` cannot restore what the fix replaced (a deleted login profile's password is gone).
   * Every check with a fix has either an entry in the type's `undo.ts` or this reason.
   */
  readonly notUndoable?: string;
  /** The FSBP controls and CIS recommendations it covers; absent when none matches it. */
  readonly compliance?: Compliance;
}

/** API calls that can make a resource of the type non-compliant, and how to find it in the event. */
export interface EventRows {
  /** CloudTrail `eventSource`, e.g. `sqs.amazonaws.com`. */
  readonly eventSource: string;
  /** CloudTrail `eventName`s sharing this way of naming the resource. */
  readonly eventNames: readonly string[];
  /** The ids of the changed resources; empty when the call's shape does not fit. */
  readonly ids: (detail: CloudTrailDetail) => readonly string[];
  /** Seconds to wait before the resource is audited (resources still being created). */
  readonly delay?: number;
}

/** How the poller lists the type in an account and region. */
export type Listing =
  | {
      /** The IAM actions the listing's calls need (the member role always has them). */
      readonly actions: readonly string[];
      /** The type's `lister.ts` (it loads its SDK client). */
      readonly load: () => Promise<Lister>;
    }
  /** By another type's lister (ECS tasks, with their cluster's services). */
  | { readonly listedWith: string };

export interface TypeManifest<T extends string = string, Id extends string = string> {
  /** The message type (part of the wire contract). */
  readonly type: T;
  /** What a message's `id` is for this type, e.g. "the queue URL". */
  readonly id: string;
  /** Global to an account (IAM, S3): listed once per account, in its first region. */
  readonly global?: boolean;
  readonly checks: readonly CheckSpec<Id>[];
  /** IAM actions the audit calls in every mode. */
  readonly readActions: readonly string[];
  /** IAM actions the fixes call (the member role has them only when remediation is on). */
  readonly remediateActions: readonly string[];
  /** AWS error codes that mean the resource is gone: the audit then yields no finding. */
  readonly notFound?: readonly string[];
  readonly events: readonly EventRows[];
  /** Absent for types the poller sends on its own (`region`, once per account and region). */
  readonly listing?: Listing;
  /** The type's `auditor.ts` (it loads its SDK clients). */
  readonly auditor: () => Promise<Auditor>;
  /**
   * The type's `undo.ts`: how `aws-remediation undo` restores what each fix replaced. Absent when
   * the type has no fix, or none that can be undone.
   */
  readonly undo?: () => Promise<UndoTable>;
  /**
   * Every IAM action `undo` writes with (it reads with `readActions`); the member role has them only
   * with the `allowUndo` setting.
   */
  readonly undoActions?: readonly string[];
  /** How Security Hub names the type's resources (settings `securityHub`). */
  readonly securityHub: SecurityHubResource;
}

/** Declares a type's manifest, keeping its type name and check ids as literal types. */
export function defineType<const T extends string, const Id extends `${T}.${string}`>(
  manifest: TypeManifest<T, Id>,
): TypeManifest<T, Id> {
  return manifest;
}
