import type { CheckDefinition } from '../contracts/checks';
import type { ResourceType } from '../contracts/message';
import { MANIFESTS, type Manifest, manifestOf } from '../types';
import type { Auditor } from './types';

/**
 * IAM actions the remediator itself needs in member accounts, besides the auditors': the members and
 * id of an organization, read in its management account, to tell known accounts from strangers; and
 * the poll planner's walk of the organizational units of `organizationalUnits` there.
 */
export const CORE_READ_ACTIONS: readonly string[] = [
  'organizations:DescribeOrganization',
  'organizations:ListAccounts',
  'organizations:ListAccountsForParent',
  'organizations:ListOrganizationalUnitsForParent',
];

/**
 * IAM actions of the policy fixes when `confirmWithAccessAnalyzer` is on: IAM Access Analyzer's check
 * that the policy is public before the fix and not after.
 */
export const CONFIRM_ACTIONS: readonly string[] = ['access-analyzer:CheckNoPublicAccess'];

/**
 * The audited types, from their manifests: checks, IAM actions and auditors (loaded on first use).
 * Import-light: nothing here loads an SDK client until an auditor is asked for.
 */
export class AuditorRegistry {
  constructor(readonly manifests: readonly Manifest[] = MANIFESTS) {
    const types = new Set<string>();
    for (const manifest of manifests) {
      if (types.has(manifest.type)) throw new Error(`two manifests for resource type ${manifest.type}`);
      types.add(manifest.type);
    }
  }

  /** The manifest of a type; an unknown name fails and lists the valid ones. */
  manifest(type: string): Manifest {
    const manifest = this.manifests.find((m) => m.type === type);
    if (!manifest) {
      throw new Error(
        `no resource type ${JSON.stringify(type)}; the types are: ${this.manifests.map((m) => m.type).join(', ')}`,
      );
    }
    return manifest;
  }

  /** The auditor of a type, loaded on first use. */
  auditor(type: ResourceType): Promise<Auditor> {
    return this.manifest(type).auditor();
  }

  /** Every check, in registry order. */
  checks(): CheckDefinition[] {
    return this.manifests.flatMap((m): CheckDefinition[] => [...m.checks]);
  }

  /**
   * The IAM actions of the member role: the read actions always, the remediation actions only when
   * `remediation` is true. Sorted and without duplicates.
   */
  /** The IAM actions `undo` writes with, over every type. Sorted and without duplicates. */
  undoActions(): string[] {
    return [...new Set(this.manifests.flatMap((m) => m.undoActions ?? []))].sort();
  }

  memberActions(remediation: boolean): string[] {
    const actions = new Set<string>(CORE_READ_ACTIONS);
    for (const manifest of this.manifests) {
      for (const action of manifest.readActions) actions.add(action);
      if (remediation) for (const action of manifest.remediateActions) actions.add(action);
    }
    return [...actions].sort();
  }
}

/** The registry of every type of this package. */
export const registry = new AuditorRegistry();

export { manifestOf };
