import { expect } from 'chai';
import type * as pulumi from '@pulumi/pulumi';
import { buildEventPatterns } from '../../src/runtime/events/pattern';
import { validateSettings } from '../../src/runtime/contracts/settings';
import {
  MASTER_ACCOUNT,
  installMocks,
  json,
  recorded,
  resourcesOf,
  settled,
  valueOf,
} from '../helpers/pulumi';
import { unknownActions } from '../helpers/iam';

type Components = typeof import('../../src/components');

const settings = {
  regions: ['eu-west-1', 'eu-central-1'],
  accounts: ['111111111111', '222222222222'],
  memberRoleName: 'sec-auditor',
  externalId: 'shared-secret',
};

describe('component: RemediationMaster', function () {
  let components: Components;
  let master: InstanceType<Components['RemediationMaster']>;

  before(async function () {
    await installMocks();
    components = await import('../../src/components');
    master = new components.RemediationMaster('sec', { settings, tags: { team: 'security' } });
    await settled([master, ...Object.values(master.functions), ...Object.values(master.eventBuses)]);
  });

  it('creates the queues, topics, functions, triggers, buses and alarms, all children of the component', async () => {
    const count = (type: string) => resourcesOf('sec-', type).length;
    // Resource and poll queues with their DLQs, and an events DLQ per watched region.
    expect(count('aws:sqs/queue:Queue')).to.equal(4 + 3);
    // Findings, and alarms in each watched region (alarms notify topics of their own region).
    expect(count('aws:sns/topic:Topic')).to.equal(1 + 3);
    // Remediator, planner and worker at home; a translator in each of the 3 watched regions.
    expect(count('aws:lambda/function:Function')).to.equal(3 + 3);
    expect(Object.keys(master.translators)).to.deep.equal(['eu-west-1', 'eu-central-1', 'us-east-1']);
    expect(count('aws:cloudwatch/logGroup:LogGroup')).to.equal(6);
    expect(count('aws:iam/role:Role')).to.equal(4);
    expect(count('aws:lambda/eventSourceMapping:EventSourceMapping')).to.equal(2);
    // eu-west-1 (home), eu-central-1 and us-east-1 (IAM's events) each get a bus.
    expect(Object.keys(master.eventBuses)).to.deep.equal(['eu-west-1', 'eu-central-1', 'us-east-1']);
    expect(count('aws:cloudwatch/eventBus:EventBus')).to.equal(3);
    expect(count('aws:cloudwatch/eventBusPolicy:EventBusPolicy')).to.equal(3);
    // One members' rule per region and pattern (the account's own events are not watched by default),
    // and the schedule.
    expect(count('aws:cloudwatch/eventRule:EventRule')).to.equal(3 * buildEventPatterns().length + 1);
    // A failure destination for each translator, and no async retries for the planner.
    expect(count('aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig')).to.equal(3 + 1);
    expect(resourcesOf('sec-sweep-no-retries')[0]!.inputs.maximumRetryAttempts).to.equal(0);
    const urns = await Promise.all(
      [master.resourceQueue, master.functions.remediator, master.eventBuses['us-east-1']!].map((r) =>
        valueOf(r.urn),
      ),
    );
    for (const urn of urns) expect(urn).to.include('aws-remediation:index:RemediationMaster$');
  });

  it('packages each bundle with settings.json beside it, validated and complete', async () => {
    const fn = resourcesOf('sec-remediator', 'aws:lambda/function:Function')[0]!;
    expect(fn.inputs).to.deep.include({ runtime: 'nodejs22.x', handler: 'index.handler', timeout: 120 });
    const archive = await (fn.inputs.code as Promise<pulumi.asset.AssetArchive> | pulumi.asset.AssetArchive);
    const assets = (await (archive as unknown as { assets: Promise<Record<string, unknown>> })
      .assets) as Record<string, { text?: Promise<string>; path?: Promise<string> }>;
    expect(Object.keys(assets).sort()).to.deep.equal(['index.js', 'settings.json']);
    expect(await assets['index.js']!.path).to.match(/dist\/lambda\/remediator\/index\.js$/);
    expect(JSON.parse((await assets['settings.json']!.text)!)).to.deep.equal(validateSettings(settings));
  });

  it('gives the queues dead-letter queues after 5 receives, encryption and a visibility of 6x the consumer timeout', () => {
    const queues = resourcesOf('sec-', 'aws:sqs/queue:Queue');
    const resources = queues.find((q) => q.name === 'sec-resources')!.inputs;
    const polls = queues.find((q) => q.name === 'sec-polls')!.inputs;
    expect(resources.visibilityTimeoutSeconds).to.equal(6 * 120);
    expect(polls.visibilityTimeoutSeconds).to.equal(6 * 600);
    expect(resources.delaySeconds).to.equal(15);
    expect(json(resources.redrivePolicy)).to.deep.equal({
      deadLetterTargetArn: `arn:aws:sqs:eu-west-1:${MASTER_ACCOUNT}:sec-resources-dlq-1a2b3c`,
      maxReceiveCount: 5,
    });
    for (const q of queues) expect(q.inputs.sqsManagedSseEnabled, q.name).to.equal(true);
  });

  it('grants each function only what its code calls, on its own resources', async () => {
    const policies = Object.fromEntries(
      resourcesOf('sec-', 'aws:iam/rolePolicy:RolePolicy').map((p) => [p.name, json(p.inputs.policy)]),
    );
    const actions = (name: string) =>
      policies[name].Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    expect(actions('sec-translator').sort()).to.deep.equal([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:SendMessage',
      'sqs:SendMessage',
    ]);
    // Its logs in every region it runs in, the resource queue and the events DLQs.
    const translatorPolicy = policies['sec-translator'].Statement;
    expect(translatorPolicy[0].Resource).to.have.length(3);
    expect(translatorPolicy[2].Resource).to.have.length(3);
    expect(actions('sec-remediator').sort()).to.deep.equal([
      'dynamodb:BatchGetItem', // the findings store (test/components/findings-table.test.ts)
      'dynamodb:PutItem',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sns:Publish',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
      'sqs:SendMessage', // rechecks of resources not ready yet
      'sts:AssumeRole',
    ]);
    const assume = policies['sec-remediator'].Statement.find(
      (s: { Action: string }) => s.Action === 'sts:AssumeRole',
    );
    expect(assume.Resource).to.deep.equal([
      'arn:aws:iam::111111111111:role/sec-auditor',
      'arn:aws:iam::222222222222:role/sec-auditor',
    ]);
    // Without organizations the planner assumes nothing.
    expect(actions('sec-poll-planner')).to.not.include('sts:AssumeRole');
    expect(await unknownActions(Object.keys(policies).flatMap(actions))).to.deep.equal([]);
  });

  it('lets only the listed accounts put events on each bus', () => {
    for (const policy of resourcesOf('sec-bus-', 'aws:cloudwatch/eventBusPolicy:EventBusPolicy')) {
      expect(json(policy.inputs.policy).Statement).to.deep.equal([
        {
          Sid: 'MemberAccountsPutEvents',
          Effect: 'Allow',
          Principal: { AWS: ['111111111111', '222222222222'] },
          Action: 'events:PutEvents',
          Resource: `arn:aws:events:${policy.inputs.region}:${MASTER_ACCOUNT}:event-bus/${policy.name}-1a2b3c`,
        },
      ]);
    }
  });

  it("routes the translator table's pattern from each region's bus to that region's translator, with a DLQ", () => {
    const patterns = buildEventPatterns().map((p) => JSON.stringify(p));
    const regions = ['eu-west-1', 'eu-central-1', 'us-east-1'];
    const rules = resourcesOf('sec-', 'aws:cloudwatch/eventRule:EventRule').filter(
      (r) => r.inputs.eventPattern,
    );
    // Each pattern of the table in each region.
    expect(rules.map((r) => [r.inputs.region, r.inputs.eventPattern])).to.deep.equal(
      regions.flatMap((region) => patterns.map((pattern) => [region, pattern])),
    );
    for (const rule of rules) {
      expect(rule.inputs.eventBusName).to.match(new RegExp(`^sec-bus-${rule.inputs.region}-`));
    }
    const targets = resourcesOf('sec-members-', 'aws:cloudwatch/eventTarget:EventTarget');
    for (const t of targets) {
      const region = t.inputs.region as string;
      // One hop: EventBridge does not pass events received from another account on to a third bus.
      const translator = region === 'eu-west-1' ? 'sec-translator-1a2b3c' : `sec-translator-${region}-1a2b3c`;
      expect(t.inputs.arn).to.equal(`arn:aws:lambda:${region}:${MASTER_ACCOUNT}:${translator}`);
      expect(t.inputs.deadLetterConfig.arn).to.equal(
        `arn:aws:sqs:${region}:${MASTER_ACCOUNT}:sec-events-dlq-${region}-1a2b3c`,
      );
      expect(t.inputs).to.not.have.property('roleArn');
    }
    expect(resourcesOf('sec-translator-invoke-', 'aws:lambda/permission:Permission')).to.have.length(
      3 * patterns.length,
    );
    const functions = resourcesOf('sec-translator', 'aws:lambda/function:Function');
    for (const f of functions) {
      expect(f.inputs.environment.variables.RESOURCE_QUEUE_URL).to.match(
        /^https:\/\/sqs\.eu-west-1\.amazonaws\.com\//,
      );
    }
  });

  it("watches the security account's own calls only when asked", async () => {
    const own = new components.RemediationMaster('self', {
      settings,
      eventRegions: ['eu-west-1'],
      watchOwnAccount: true,
    });
    await settled([own]);
    const rules = resourcesOf('self-own-', 'aws:cloudwatch/eventRule:EventRule');
    expect(rules.map((r) => [r.inputs.region, r.inputs.eventBusName])).to.deep.equal(
      buildEventPatterns().map(() => ['eu-west-1', undefined]),
    );
  });

  it('alarms on errors, dead letters, old messages and loops, to the alarms topic', () => {
    const alarms = resourcesOf('sec-', 'aws:cloudwatch/metricAlarm:MetricAlarm');
    const metric = (name: string) => alarms.filter((a) => a.inputs.metricName === name).length;
    expect(metric('Errors')).to.equal(3 + 3); // every function, each translator too
    expect(metric('ApproximateNumberOfMessagesVisible')).to.equal(2 + 3); // resource, poll and events DLQs
    expect(metric('ApproximateAgeOfOldestMessage')).to.equal(1);
    expect(metric('NumberOfMessagesSent')).to.equal(1);
    for (const a of alarms) {
      expect(a.inputs.alarmActions[0]).to.match(new RegExp(`:sns:${a.inputs.region}:.*:sec-alarms-`));
    }
  });

  it('outputs the roles members must trust and the bus of each region', async () => {
    expect(await valueOf(master.memberTrustRoleArns)).to.deep.equal([
      `arn:aws:iam::${MASTER_ACCOUNT}:role/sec-remediator-1a2b3c`,
      `arn:aws:iam::${MASTER_ACCOUNT}:role/sec-poll-worker-1a2b3c`,
      `arn:aws:iam::${MASTER_ACCOUNT}:role/sec-poll-planner-1a2b3c`,
    ]);
    expect(Object.keys(await valueOf(master.eventBusArns))).to.deep.equal([
      'eu-west-1',
      'eu-central-1',
      'us-east-1',
    ]);
  });

  it('lets two instances live in one stack without a name in common', async () => {
    const before = recorded.length;
    const other = new components.RemediationMaster('audit', { settings });
    await settled([other]);
    const names = recorded.slice(before).map((r) => `${r.type}::${r.name}`);
    const first = new Set(resourcesOf('sec-').map((r) => `${r.type}::${r.name}`));
    expect(names.length).to.be.greaterThan(40);
    expect(names.filter((n) => first.has(n))).to.deep.equal([]);
  });

  it('with organizations: needs the organization id, admits its accounts, assumes the role in any account of it', async () => {
    const org = { regions: ['eu-west-1'], organizationAccounts: ['333333333333'] };
    expect(() => new components.RemediationMaster('org-missing', { settings: org })).to.throw(
      /settings\.organizationAccounts is set: pass organizationId/,
    );
    const m = new components.RemediationMaster('org', {
      settings: org,
      organizationId: 'o-a1b2c3d4e5',
      eventRegions: ['eu-west-1'],
    });
    await settled([m]);
    const bus = resourcesOf('org-bus-', 'aws:cloudwatch/eventBusPolicy:EventBusPolicy')[0]!;
    expect(json(bus.inputs.policy).Statement[0].Condition).to.deep.equal({
      StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
    });
    const planner = json(resourcesOf('org-poll-planner', 'aws:iam/rolePolicy:RolePolicy')[0]!.inputs.policy);
    expect(
      planner.Statement.find((s: { Action: string }) => s.Action === 'sts:AssumeRole').Resource,
    ).to.deep.equal(['arn:aws:iam::333333333333:role/member_remediator']);
    const worker = json(resourcesOf('org-poll-worker', 'aws:iam/rolePolicy:RolePolicy')[0]!.inputs.policy);
    const assume = worker.Statement.find((s: { Action: string }) => s.Action === 'sts:AssumeRole');
    expect(assume.Resource).to.equal('arn:aws:iam::*:role/member_remediator');
    // The organization's accounts are not known at deployment: any account of the organization.
    expect(assume.Condition).to.deep.equal({ StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } });
  });

  it('fails on bad settings with what to change, before creating anything', () => {
    const before = recorded.length;
    expect(
      () =>
        new components.RemediationMaster('bad', { settings: { regions: ['eu-west-9x'], accounts: ['1'] } }),
    ).to.throw(
      /settings\.regions\[0\]: "eu-west-9x" is not an AWS region code[\s\S]*settings\.accounts\[0\]/,
    );
    expect(recorded.slice(before).filter((r) => r.name.startsWith('bad-'))).to.deep.equal([]);
  });
});
