/**
 * What every type's fixtures share: the accounts and region of the audited resources, resource
 * messages and settings, an audit through the remediator against a fake AWS, policy documents, and an
 * organization. Each type's own fake AWS ("world"), constants and non-compliant scenario are in
 * test/runtime/types/<type>/fixtures.ts.
 */
import type { CheckId } from '../../src/runtime/contracts/checks';
import type { ResourceMessage, ResourceType } from '../../src/runtime/contracts/message';
import {
  type RemediationSettings,
  type ResolvedSettings,
  validateSettings,
} from '../../src/runtime/contracts/settings';
import { Remediator } from '../../src/runtime/remediator/remediator';
import { FakeAws, watched, type World } from './aws';

/** The audited resources' account. */
export const ACCOUNT = '111111111111';
/** Another account named in settings. */
export const KNOWN = '222222222222';
/** An account nobody knows. */
export const STRANGER = '999999999999';
export const REGION = 'eu-west-1';
/** The remediator's clock in audits: the fixtures date things (keys, passwords) from it. */
export const NOW = new Date('2026-11-22T12:00:00Z');

export function resource(
  type: ResourceType,
  id: string,
  overrides: Partial<ResourceMessage> = {},
): ResourceMessage {
  return { account: ACCOUNT, region: REGION, type, id, delay: 0, ...overrides };
}

export function settingsWith(overrides: Partial<RemediationSettings> = {}): ResolvedSettings {
  return validateSettings({ regions: [REGION], accounts: [ACCOUNT, KNOWN], ...overrides });
}

/**
 * Audits one resource against a fake AWS answering from `world`, with settings built from
 * `overrides`, through the same {@link Remediator} the Lambda uses.
 */
export async function audit(
  world: World,
  target: ResourceMessage,
  overrides: Partial<RemediationSettings> = {},
) {
  const settings = settingsWith(overrides);
  const aws = new FakeAws(world);
  watched.push({ aws, settings });
  const remediator = new Remediator({ settings, clients: aws, now: () => NOW });
  const report = await remediator.audit(target);
  return { aws, settings, findings: report.findings, report };
}

/** The remediation status of each finding, by check. */
export const statuses = (findings: readonly { check: string; remediation: { status: string } }[]) =>
  Object.fromEntries(findings.map((f) => [f.check, f.remediation.status]));

/** Tags as most APIs return them: `[{ Key, Value }]`. */
export const tagList = (tags: Record<string, string> = {}) =>
  Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

// Policy documents -------------------------------------------------------------------------------

export function policy(...statements: object[]) {
  return { Version: '2012-10-17', Id: 'fixture', Statement: statements };
}

/** A statement letting anyone call `action` on `resource`. */
export function publicStatement(sid: string, action: string | string[], res = '*', extra: object = {}) {
  return { Sid: sid, Effect: 'Allow', Principal: '*', Action: action, Resource: res, ...extra };
}

/** A statement letting a known account call `action`. */
export function accountStatement(sid: string, action: string, account = KNOWN, res = '*') {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${account}:root` },
    Action: action,
    Resource: res,
  };
}

// Organizations --------------------------------------------------------------------------------

export const MANAGEMENT = '333333333333';
export const ORG_MEMBER = '444444444444';
export const ORG_ID = 'o-a1b2c3d4e5';

/**
 * An organization as its management account answers: ListAccounts in two pages (the second with a
 * suspended member) and DescribeOrganization.
 */
export function organizationWorld(): World {
  return {
    'Organizations.ListAccounts': (input: { NextToken?: string }) =>
      input.NextToken
        ? { Accounts: [{ Id: ORG_MEMBER, Status: 'SUSPENDED' }] }
        : { Accounts: [{ Id: MANAGEMENT, Status: 'ACTIVE' }], NextToken: 'page-2' },
    'Organizations.DescribeOrganization': {
      Organization: {
        Id: ORG_ID,
        Arn: `arn:aws:organizations::${MANAGEMENT}:organization/${ORG_ID}`,
        MasterAccountId: MANAGEMENT,
        FeatureSet: 'ALL',
      },
    },
  };
}

// A resource that fails every check of its type ---------------------------------------------------

/**
 * A resource that fails checks of its type, with the fake AWS that holds it: each type's fixtures
 * export one failing every check of the type at once, as `noncompliant`.
 */
export interface Scenario {
  readonly resource: ResourceMessage;
  readonly world: () => World;
  /** Settings the scenario needs (e.g. required tags). */
  readonly settings?: Partial<RemediationSettings>;
  /** Checks the scenario fails. */
  readonly failing: readonly CheckId[];
}
