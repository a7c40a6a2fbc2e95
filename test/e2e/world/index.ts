import { expect } from 'chai';
import { ACCOUNTS, type Accounts, HOME, REGIONS } from '../aws';
import { dynamodbSeeder } from './dynamodb';
import { ec2Seeder } from './ec2';
import { ecrSeeder, efsSeeder } from './exposure';
import { iamSeeder } from './iam';
import { kmsSeeder } from './kms';
import { lambdaSeeder } from './lambda';
import { lambdaLayerSeeder } from './lambda-layer';
import {
  type Message,
  type PrintedFinding,
  type Resource,
  type Seeder,
  messageKey,
  sortMessages,
} from './model';
import { opensearchSeeder } from './opensearch';
import { rdsSeeder } from './rds';
import { regionSeeder } from './region';
import { s3Seeder } from './s3';
import { secretsManagerSeeder } from './secretsmanager';
import { snsSeeder } from './sns';
import { sqsSeeder } from './sqs';

export * from './model';
export { readRules } from './ec2';

/**
 * Every seeder, in order: global ones first (the functions need their role), then the regional ones.
 * A new resource type adds its seeder here, with the findings its resources must yield.
 */
export const SEEDERS: readonly Seeder[] = [
  iamSeeder,
  s3Seeder,
  regionSeeder,
  sqsSeeder,
  kmsSeeder,
  ec2Seeder,
  lambdaSeeder,
  snsSeeder,
  secretsManagerSeeder,
  ecrSeeder,
  efsSeeder,
  rdsSeeder,
  opensearchSeeder,
  dynamodbSeeder,
  lambdaLayerSeeder,
];

/** Everything the suite seeded (and the server made), with the state of each right after seeding. */
export class World {
  constructor(readonly resources: readonly Resource[]) {}

  get seeded(): Resource[] {
    return this.resources.filter((r) => r.seeded);
  }

  /** The resources whose fixes are applied and verified (a fixable finding, not excepted). */
  get fixable(): Resource[] {
    return this.resources.filter((r) => !r.excepted && r.findings.some((f) => f.fixable));
  }

  /** The messages a sweep of every account and region must yield, sorted. */
  messages(): Message[] {
    return sortMessages(this.resources.map((r) => r.message));
  }

  find(predicate: (r: Resource) => boolean): Resource {
    const found = this.resources.find(predicate);
    if (!found) throw new Error('no such resource in the world');
    return found;
  }
}

/**
 * The findings of a whole sweep, as {@link findingLine}s, sorted: in a dry run, after a run that
 * applies the fixes, and at the audit after that (only what has no fix, and the excepted, remain).
 */
export function expectedFindings(world: World, run: 'dry_run' | 'applied' | 'after_fixes'): string[] {
  return world.resources
    .flatMap((r) =>
      r.findings.flatMap((f) => {
        const status = r.excepted ? 'excepted' : !f.fixable ? 'not_available' : run;
        if (status === 'after_fixes') return [];
        return [`${messageKey(r.message)} ${f.check} ${status}`];
      }),
    )
    .sort();
}

/** Asserts that each finding's message says what its resource's expected finding `mentions`. */
export function expectMentions(world: World, findings: readonly PrintedFinding[]) {
  for (const r of world.resources) {
    for (const f of r.findings.filter((x) => x.mentions)) {
      const printed = findings.find(
        (p) => p.check === f.check && messageKey(p.resource) === messageKey(r.message),
      );
      expect(printed, `${r.label}: ${f.check}`).to.not.equal(undefined);
      for (const text of f.mentions!) expect(printed!.message, `${r.label}: ${f.check}`).to.contain(text);
    }
  }
}

/**
 * Asserts that a resource no fix was applied to reads back as it was seeded, and its policy, where it
 * has a `policy` case, exactly as the suite wrote it.
 */
export async function expectUnchanged(r: Resource) {
  const state = await r.read();
  expect(state, `${r.label}: unchanged`).to.deep.equal(r.initial);
  if (r.policy) expect(r.policy.of(state), `${r.label}: policy as written`).to.deep.equal(r.policy.written);
}

/**
 * Seeds misconfigured, compliant and excepted resources in both accounts and both regions (the
 * accounts and regions at once, each one's seeders in order), and records the state of each as seeded.
 */
export async function seedWorld(accounts: Accounts, seeders: readonly Seeder[] = SEEDERS): Promise<World> {
  const resources: Resource[] = [];
  await Promise.all(
    ACCOUNTS.map(async (account) => {
      for (const seeder of seeders.filter((s) => s.global))
        resources.push(...(await seeder.seed({ accounts, account, region: HOME })));
      await Promise.all(
        REGIONS.map(async (region) => {
          for (const seeder of seeders.filter((s) => !s.global))
            resources.push(...(await seeder.seed({ accounts, account, region })));
        }),
      );
    }),
  );
  await Promise.all(
    resources.map(async (r) => {
      r.initial = await r.read();
    }),
  );
  return new World(resources);
}
