import { expect } from 'chai';
import * as pulumi from '@pulumi/pulumi';
import type { CheckId } from '../../src/runtime/contracts/checks';
import { type Finding, findingId } from '../../src/runtime/findings/finding';
import { DynamoFindingStore, recordAudit } from '../../src/runtime/findings/store';
import { resource } from '../helpers/resources';
import { fakeFindingsTable } from '../helpers/dynamo';
import { actionExists } from '../helpers/iam';
import {
  MASTER_ACCOUNT,
  installMocks,
  json,
  recorded,
  resourcesOf,
  settled,
  valueOf,
} from '../helpers/pulumi';

type Components = typeof import('../../src/components');
type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown };

const settings = { regions: ['eu-west-1', 'eu-central-1'], accounts: ['111111111111'] };
const KEY = 'arn:aws:kms:eu-west-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const FUNCTIONS = ['translator', 'remediator', 'poll-planner', 'poll-worker'];
const TABLE_TYPE = 'aws:dynamodb/table:Table';

/** The outputs each component registered, by URN (the mocks record them as the engine gets them). */
const registeredOutputs = new Map<string, Record<string, unknown>>();

/** A function's policy statements. */
const statementsOf = (name: string, fn: string): Statement[] =>
  json(
    resourcesOf(`${name}-${fn}`, 'aws:iam/rolePolicy:RolePolicy').find((p) => p.name === `${name}-${fn}`)!
      .inputs.policy,
  ).Statement;

const actionsOf = (statement: Statement) => [statement.Action].flat();

/** A function's environment variables (the home region's). */
const environmentOf = (name: string, fn: string): Record<string, string> =>
  resourcesOf(`${name}-${fn}`, 'aws:lambda/function:Function').find((f) => f.name === `${name}-${fn}`)!.inputs
    .environment.variables;

/** What a constructor throws; fails the test when it throws nothing. */
function errorOf(construct: () => unknown): string {
  try {
    construct();
  } catch (error) {
    expect(error).to.be.instanceOf(pulumi.ResourceError);
    return (error as Error).message;
  }
  expect.fail('the arguments were accepted');
}

describe('component: RemediationMaster, the findings table', function () {
  this.timeout(60_000);
  let components: Components;
  type Master = InstanceType<Components['RemediationMaster']>;
  let plain: Master;
  let keyed: Master;
  let off: Master;

  before(async () => {
    await installMocks();
    const monitor = pulumi.runtime.getMonitor() as unknown as {
      registerResourceOutputs(
        request: { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined },
        callback: unknown,
      ): unknown;
    };
    const register = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (request, callback) => {
      registeredOutputs.set(request.getUrn(), request.getOutputs()?.toJavaScript() ?? {});
      return register(request, callback);
    };
    components = await import('../../src/components');
    plain = new components.RemediationMaster('ftplain', { settings });
    keyed = new components.RemediationMaster('ftkms', {
      settings,
      kmsKeyArn: KEY,
      findingsTable: { deletionProtection: false, retentionDays: 30 },
    });
    off = new components.RemediationMaster('ftoff', { settings, findingsTable: false });
    await settled([plain, keyed, off, ...[plain, keyed, off].map((m) => m.functions.remediator)]);
  });

  it('creates one table in the home region: on demand, keyed by id (a string), point-in-time recovery, TTL on expiresAt, deletion protection', () => {
    const tables = resourcesOf('ftplain-', TABLE_TYPE);
    expect(tables.map((t) => t.name)).to.deep.equal(['ftplain-findings-table']);
    expect(tables[0]!.inputs).to.deep.equal({
      region: 'eu-west-1',
      billingMode: 'PAY_PER_REQUEST',
      hashKey: 'id',
      attributes: [{ name: 'id', type: 'S' }],
      pointInTimeRecovery: { enabled: true },
      // DynamoDB's AWS-owned key, said explicitly (`enabled: true` alone would be aws/dynamodb).
      serverSideEncryption: { enabled: false },
      ttl: { attributeName: 'expiresAt', enabled: true },
      deletionProtectionEnabled: true,
      tags: { 'managed-by': 'pulumi-aws-remediation' },
    });
  });

  it("encrypts the table with the master's key, and takes deletionProtection", () => {
    const [table] = resourcesOf('ftkms-', TABLE_TYPE);
    expect(table!.inputs.serverSideEncryption).to.deep.equal({ enabled: true, kmsKeyArn: KEY });
    expect(table!.inputs.deletionProtectionEnabled).to.equal(false);
    expect(table!.inputs).to.deep.include({
      billingMode: 'PAY_PER_REQUEST',
      pointInTimeRecovery: { enabled: true },
      ttl: { attributeName: 'expiresAt', enabled: true },
    });
  });

  it('is a child of the component', async () => {
    const urn = await valueOf(plain.findingsTable!.urn);
    expect(urn).to.match(
      /aws-remediation:index:RemediationMaster\$aws:dynamodb\/table:Table::ftplain-findings-table$/,
    );
  });

  it('lets the remediator read and write exactly the table, and no other function touch it', async () => {
    const arn = await valueOf(plain.findingsTableArn!);
    expect(arn).to.equal(`arn:aws:dynamodb:eu-west-1:${MASTER_ACCOUNT}:ftplain-findings-table-1a2b3c`);
    const dynamo = statementsOf('ftplain', 'remediator').filter((s) =>
      actionsOf(s).some((a) => a.startsWith('dynamodb:')),
    );
    expect(dynamo).to.deep.equal([
      {
        Sid: 'ReadWriteFindings',
        Effect: 'Allow',
        Action: ['dynamodb:BatchGetItem', 'dynamodb:PutItem'],
        Resource: arn,
      },
    ]);
    for (const fn of FUNCTIONS) {
      for (const statement of statementsOf('ftplain', fn)) {
        expect([statement.Resource].flat(), `${fn} ${statement.Sid}`).to.not.include('*');
        if (fn !== 'remediator') {
          expect(
            actionsOf(statement).filter((a) => a.startsWith('dynamodb:')),
            fn,
          ).to.deep.equal([]);
        }
      }
    }
    for (const action of actionsOf(dynamo[0]!)) expect(await actionExists(action), action).to.equal(true);
  });

  it('grants exactly the DynamoDB calls the findings store makes from the function', async () => {
    // Prepare: a finding opened, then its check passing (resolved): every call the remediator makes.
    const table = fakeFindingsTable('findings');
    const store = new DynamoFindingStore(table, 'findings');
    const queue = resource('sqs', 'https://sqs.eu-west-1.amazonaws.com/111111111111/orders');
    const finding: Finding = {
      id: findingId('sqs.public', queue),
      check: 'sqs.public' as CheckId,
      severity: 'high',
      resource: queue,
      message: 'Queue policy statement "Open" is public.',
      remediation: { action: 'remove 1 public policy statement', status: 'dry_run' },
      observedAt: new Date().toISOString(),
      trigger: 'poll',
    };
    const options = { now: new Date(), retentionDays: 30 };

    // Act
    await recordAudit(store, { resource: finding.resource, findings: [finding], passedChecks: [] }, options);
    await recordAudit(
      store,
      { resource: finding.resource, findings: [], passedChecks: [finding.check] },
      options,
    );

    // Assess: the statement grants those calls' actions, and no other.
    expect(table.items.get(finding.id)).to.deep.include({ status: 'resolved' });
    const called = [...new Set(table.sent.map((c) => `dynamodb:${c.operation}`))].sort();
    const granted = statementsOf('ftplain', 'remediator')
      .filter((s) => s.Sid === 'ReadWriteFindings')
      .flatMap(actionsOf)
      .sort();
    expect(called).to.deep.equal(['dynamodb:BatchGetItem', 'dynamodb:PutItem']);
    expect(granted).to.deep.equal(called);
  });

  it("with the master's key, the remediator may decrypt with it (DynamoDB uses the key as the caller)", () => {
    const statements = statementsOf('ftkms', 'remediator');
    const useKey = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));
    expect(useKey).to.have.length(1);
    expect(useKey[0]!.Resource).to.equal(KEY);
    expect(actionsOf(useKey[0]!)).to.include('kms:Decrypt');
    // Without a key, the AWS-owned key needs no grant.
    expect(
      statementsOf('ftplain', 'remediator')
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('kms:')),
    ).to.deep.equal([]);
  });

  it('gives the remediator, and only it, the table name and the retention', async () => {
    expect(environmentOf('ftplain', 'remediator')).to.deep.include({
      FINDINGS_TABLE: 'ftplain-findings-table-1a2b3c',
      FINDINGS_RETENTION_DAYS: '90',
    });
    expect(environmentOf('ftkms', 'remediator')).to.deep.include({
      FINDINGS_TABLE: 'ftkms-findings-table-1a2b3c',
      FINDINGS_RETENTION_DAYS: '30',
    });
    for (const fn of FUNCTIONS.filter((f) => f !== 'remediator')) {
      expect(Object.keys(environmentOf('ftplain', fn)), fn).to.not.include.members([
        'FINDINGS_TABLE',
        'FINDINGS_RETENTION_DAYS',
      ]);
    }
  });

  it('outputs the table name and ARN, and registers them', async () => {
    expect(await valueOf(plain.findingsTableName!)).to.equal('ftplain-findings-table-1a2b3c');
    expect(await valueOf(plain.findingsTableArn!)).to.equal(
      `arn:aws:dynamodb:eu-west-1:${MASTER_ACCOUNT}:ftplain-findings-table-1a2b3c`,
    );
    const outputs = registeredOutputs.get(await valueOf(plain.urn))!;
    expect(outputs).to.deep.include({
      findingsTableName: 'ftplain-findings-table-1a2b3c',
      findingsTableArn: `arn:aws:dynamodb:eu-west-1:${MASTER_ACCOUNT}:ftplain-findings-table-1a2b3c`,
    });
  });

  it('with findingsTable: false, has no table, no DynamoDB grant, no variable and no output', async () => {
    expect(resourcesOf('ftoff-', TABLE_TYPE)).to.deep.equal([]);
    expect(off.findingsTable).to.equal(undefined);
    expect(off.findingsTableName).to.equal(undefined);
    expect(off.findingsTableArn).to.equal(undefined);
    for (const fn of FUNCTIONS) {
      const actions = statementsOf('ftoff', fn).flatMap(actionsOf);
      expect(
        actions.filter((a) => a.startsWith('dynamodb:')),
        fn,
      ).to.deep.equal([]);
      expect(Object.keys(environmentOf('ftoff', fn)), fn).to.not.include.members([
        'FINDINGS_TABLE',
        'FINDINGS_RETENTION_DAYS',
      ]);
    }
    // Everything else as with the table.
    expect(statementsOf('ftoff', 'remediator').map((s) => s.Sid)).to.deep.equal(
      statementsOf('ftplain', 'remediator')
        .map((s) => s.Sid)
        .filter((sid) => sid !== 'ReadWriteFindings'),
    );
    const outputs = registeredOutputs.get(await valueOf(off.urn))!;
    expect(outputs).to.have.property('eventBusArns');
    expect(outputs).to.not.have.property('findingsTableName');
    expect(outputs).to.not.have.property('findingsTableArn');
  });

  it('refuses a retentionDays that is not a number of days, naming the setting, before creating anything', async () => {
    const message = errorOf(
      () => new components.RemediationMaster('ftbad', { settings, findingsTable: { retentionDays: 0 } }),
    );
    expect(message).to.equal(
      [
        'Invalid RemediationMaster arguments (1 problem):',
        '  - findingsTable.retentionDays: 0 is not a number of days above 0 and at most 3650: write how many days a resolved finding is kept, e.g. 90',
      ].join('\n'),
    );
    for (const retentionDays of [-1, 3651, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(
        errorOf(
          () => new components.RemediationMaster('ftbad', { settings, findingsTable: { retentionDays } }),
        ),
      ).to.contain(
        `findingsTable.retentionDays: ${retentionDays} is not a number of days above 0 and at most 3650`,
      );
    }
    // A JavaScript caller, or a value read from the stack's configuration as text.
    const untyped = (findingsTable: unknown) =>
      errorOf(
        () =>
          new components.RemediationMaster('ftbad', {
            settings,
            findingsTable: findingsTable as false,
          }),
      );
    expect(untyped({ retentionDays: '90' })).to.contain(
      'findingsTable.retentionDays: "90" is not a number of days above 0 and at most 3650',
    );
    expect(untyped({ retentionDay: 30, deletionProtection: 'no' })).to.equal(
      [
        'Invalid RemediationMaster arguments (2 problems):',
        '  - findingsTable: unknown field "retentionDay"; allowed: "deletionProtection", "retentionDays"',
        '  - findingsTable.deletionProtection: must be true or false',
      ].join('\n'),
    );
    expect(untyped(true)).to.contain(
      'findingsTable: must be false (no table) or { deletionProtection?, retentionDays? } ({} for the defaults), not true',
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(recorded.filter((r) => r.name.startsWith('ftbad-'))).to.deep.equal([]);
  });

  it('accepts the bounds: a fraction of a day, and ten years', async () => {
    const short = new components.RemediationMaster('ftshort', {
      settings,
      findingsTable: { retentionDays: 0.5 },
    });
    const long = new components.RemediationMaster('ftlong', {
      settings,
      findingsTable: { retentionDays: 3650 },
    });
    await settled([short, long, short.functions.remediator, long.functions.remediator]);
    expect(environmentOf('ftshort', 'remediator').FINDINGS_RETENTION_DAYS).to.equal('0.5');
    expect(environmentOf('ftlong', 'remediator').FINDINGS_RETENTION_DAYS).to.equal('3650');
  });
});
