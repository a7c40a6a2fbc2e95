import { expect } from 'chai';
import { MANIFESTS } from '../../../src/runtime/types';
import type { Listing, TypeManifest } from '../../../src/runtime/types/manifest';
import { manifestProblems } from '../../../src/runtime/types/problems';
import { auditor as s3Auditor } from '../../../src/runtime/types/s3_bucket/auditor';
import { lister as s3Lister } from '../../../src/runtime/types/s3_bucket/lister';
import { ecsTask } from '../../../src/runtime/types/ecs_task/manifest';
import { region } from '../../../src/runtime/types/region/manifest';
import { sqs } from '../../../src/runtime/types/sqs/manifest';
import { fixtureProblems, fixturesOf, loadFixtures } from '../../helpers/fixtures';
import * as sqsFixtures from './sqs/fixtures';

/** A copy of the sqs manifest with some parts replaced (or taken out with undefined). */
const broken = (parts: Partial<Record<keyof TypeManifest, unknown>>) =>
  ({ ...sqs, ...parts }) as unknown as TypeManifest;
const [publicCheck] = sqs.checks;
const sqsListing = sqs.listing as Extract<Listing, { load: unknown }>;
const notFound = async () => {
  throw new Error("Cannot find module './auditor'");
};

describe('types: manifestProblems', () => {
  it("finds none in any type of the package, nor in any type's fixtures", async () => {
    for (const m of MANIFESTS) {
      expect(await manifestProblems(m), m.type).to.deep.equal([]);
      expect(fixtureProblems(m, loadFixtures(m.type)), m.type).to.deep.equal([]);
    }
  });

  it('names the fields a manifest lacks', async () => {
    const cases: [TypeManifest, string[]][] = [
      [
        broken({ checks: [] }),
        ['sqs: manifest has no checks', 'sqs: remediateActions are declared but no check has a fix'],
      ],
      [broken({ id: '' }), ["sqs: manifest has no id (what a message's id is for the type)"]],
      [broken({ readActions: [] }), ['sqs: manifest has no readActions (the IAM actions of the audit)']],
      [broken({ remediateActions: undefined }), ['sqs: manifest has no remediateActions']],
      [broken({ remediateActions: [] }), ['sqs: checks have fixes but the manifest has no remediateActions']],
      [
        broken({ events: undefined }),
        ['sqs: manifest has no events (an empty list when no call leads to it)'],
      ],
      [broken({ auditor: undefined }), ['sqs: manifest has no auditor()']],
      [
        broken({ listing: { actions: [], load: sqsListing.load } }),
        ['sqs: listing has no actions (the IAM actions of its calls)'],
      ],
      [broken({ type: 'SQS-Queue' }), expectedFor('SQS-Queue')],
    ];
    for (const [manifest, expected] of cases)
      expect(await manifestProblems(manifest)).to.deep.equal(expected);
  });

  it('names each check that is not of the type, or not complete', async () => {
    const problems = await manifestProblems(
      broken({
        checks: [
          { ...publicCheck, id: 'iam_role.x' },
          { ...publicCheck, severity: 'urgent' },
          { ...publicCheck, title: '' },
          { id: 'sqs.reported', severity: 'low', title: 'A check reported only', consent: 'disruptive' },
          { ...publicCheck, id: 'sqs.empty_fix', fix: ' ' },
        ],
      }),
    );
    expect(problems).to.deep.equal([
      'sqs: check iam_role.x is not of type sqs (a check id is "sqs.<name>")',
      'sqs: check sqs.public has no severity (one of low, medium, high, critical)',
      'sqs: check sqs.public is declared twice',
      'sqs: check sqs.public has no title',
      'sqs: check sqs.reported asks for consent (disruptive) but has no fix',
      'sqs: check sqs.empty_fix has an empty fix (leave it out when the check is reported only)',
    ]);
  });

  it('names IAM actions and event rows that are malformed', async () => {
    expect(
      await manifestProblems(
        broken({
          readActions: ['sqs.GetQueueAttributes'],
          events: [{ eventSource: 'sqs', eventNames: [], ids: undefined }],
        }),
      ),
    ).to.deep.equal([
      'sqs: readActions has "sqs.GetQueueAttributes", not an IAM action (service:Action)',
      'sqs: event row 1 has no eventSource (like "sqs.amazonaws.com")',
      'sqs: event row 1 has no eventNames',
      'sqs: event row 1 has no ids()',
    ]);
  });

  it('names an auditor.ts or lister.ts that does not export its part, fails to load, or is of another type', async () => {
    const listing = (load: unknown) => ({ listing: { actions: sqsListing.actions, load } });
    const cases: [TypeManifest, string[]][] = [
      [broken({ auditor: async () => undefined }), ['sqs: auditor.ts does not export auditor']],
      [broken({ auditor: notFound }), ["sqs: auditor.ts cannot be loaded: Cannot find module './auditor'"]],
      [broken({ auditor: async () => s3Auditor }), ['sqs: auditor.ts exports the auditor of s3_bucket']],
      [broken({ auditor: async () => ({ type: 'sqs' }) }), ["sqs: auditor.ts's auditor has no inspect()"]],
      [broken(listing(async () => undefined)), ['sqs: lister.ts does not export lister']],
      [broken(listing(notFound)), ["sqs: lister.ts cannot be loaded: Cannot find module './auditor'"]],
      [
        broken(listing(async () => s3Lister)),
        ["sqs: lister.ts's lister does not list sqs (its types: s3_bucket)"],
      ],
      [broken(listing(async () => ({ types: ['sqs'] }))), ["sqs: lister.ts's lister has no list()"]],
    ];
    for (const [manifest, expected] of cases)
      expect(await manifestProblems(manifest)).to.deep.equal(expected);
  });

  it('names a type listed with one that has no lister, or whose lister does not list it', async () => {
    const withRegion = { ...ecsTask, listing: { listedWith: 'region' } } as TypeManifest;
    expect(await manifestProblems(withRegion)).to.deep.equal([
      'ecs_task: listed with region, which is not a type with a lister of its own',
    ]);
    const withSqs = { ...ecsTask, listing: { listedWith: 'sqs' } } as TypeManifest;
    expect(await manifestProblems(withSqs)).to.deep.equal([
      'ecs_task: listed with sqs, whose lister.ts does not list ecs_task',
    ]);
  });

  it('names a type declared twice', async () => {
    expect(await manifestProblems(sqs, [...MANIFESTS, sqs])).to.deep.equal([
      'sqs: two manifests of the type',
    ]);
  });
});

describe('types: the fixtures of a type (test/runtime/types/<type>/fixtures.ts)', () => {
  it('names a type without fixtures, and each export its fixtures lack', () => {
    const unknown = { ...sqs, type: 'queue_v2' } as TypeManifest;
    expect(loadFixtures('queue_v2')).to.equal(undefined);
    expect(fixtureProblems(unknown, loadFixtures('queue_v2'))).to.deep.equal([
      'queue_v2: no fixtures (test/runtime/types/queue_v2/fixtures.ts)',
    ]);
    expect(fixtureProblems(sqs, {})).to.deep.equal([
      'sqs: test/runtime/types/sqs/fixtures.ts does not export noncompliant (a resource failing every check of the type)',
      "sqs: test/runtime/types/sqs/fixtures.ts does not export listing (the responders of its lister's calls)",
    ]);
    expect(
      fixtureProblems(region, { ...loadFixtures('region'), listing: sqsFixtures.listing }),
    ).to.deep.equal([
      'region: test/runtime/types/region/fixtures.ts exports listing, but the type has no lister of its own',
      'region: its listing has no typical count of region (for the poller bench)',
    ]);
  });

  it('names a scenario that is of another type or does not fail every check, and a listing without counts', () => {
    const { noncompliant } = sqsFixtures;
    expect(
      fixtureProblems(sqs, {
        noncompliant: {
          ...noncompliant,
          resource: { ...noncompliant.resource, type: 'kms_key' },
          failing: [],
        },
        listing: { ...sqsFixtures.listing, typical: {} },
      }),
    ).to.deep.equal([
      'sqs: noncompliant is a resource of type kms_key',
      'sqs: noncompliant does not fail sqs.public',
      'sqs: noncompliant does not fail sqs.shared_unknown_account',
      'sqs: its listing has no typical count of sqs (for the poller bench)',
    ]);
    expect(
      fixtureProblems(sqs, {
        ...sqsFixtures,
        noncompliant: { ...noncompliant, failing: [...noncompliant.failing, 'kms_key.public_policy'] },
      }),
    ).to.deep.equal(['sqs: noncompliant fails kms_key.public_policy, not a check of the type']);
  });

  it('loads them by the type name, and refuses a name that is not a type', () => {
    expect(fixturesOf('sqs').noncompliant).to.equal(sqsFixtures.noncompliant);
    expect(() => fixturesOf('bucket')).to.throw('fixturesOf: no resource type "bucket"');
  });
});

/** What a type name that is not lower snake_case yields. */
function expectedFor(type: string): string[] {
  return [
    `${type}: the type name is not lower snake_case`,
    `${type}: check sqs.public is not of type ${type} (a check id is "${type}.<name>")`,
    `${type}: check sqs.shared_unknown_account is not of type ${type} (a check id is "${type}.<name>")`,
    `${type}: lister.ts's lister does not list ${type} (its types: sqs)`,
    `${type}: auditor.ts exports the auditor of sqs`,
  ];
}
