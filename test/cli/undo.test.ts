import { expect } from 'chai';
import { runUndo } from '../../src/cli/undo';
import { Remediator } from '../../src/runtime/remediator/remediator';
import { seen } from '../../src/runtime/findings/lifecycle';
import { MemoryFindingStore } from '../../src/runtime/findings/store';
import type { Finding } from '../../src/runtime/findings/finding';
import { FakeAws } from '../helpers/aws';
import { captureIO } from '../helpers/cli';
import { NOW, policy, publicStatement, resource, settingsWith } from '../helpers/resources';
import { QUEUE_ARN, QUEUE_URL, sqsWorld } from '../runtime/types/sqs/fixtures';

const OPEN = policy(publicStatement('Open', 'sqs:SendMessage', QUEUE_ARN));

/** A queue fixed by the remediator: the applied finding, and the fake AWS holding the fixed queue. */
async function fixedQueue() {
  const aws = new FakeAws(sqsWorld({ policy: OPEN }));
  const remediator = new Remediator({
    settings: settingsWith({ remediate: true }),
    clients: aws,
    now: () => NOW,
  });
  const { findings } = await remediator.audit(resource('sqs', QUEUE_URL));
  expect(findings.map((f) => f.remediation.status)).to.deep.equal(['applied']);
  aws.sent.length = 0;
  return { aws, finding: findings[0]! };
}

const undo = (
  aws: FakeAws,
  input: string,
  options: { apply?: boolean; force?: boolean; store?: MemoryFindingStore } = {},
) => {
  const { io, stdout, stderr } = captureIO(input);
  return runUndo(io, {
    settings: settingsWith(),
    clients: aws,
    apply: options.apply ?? false,
    force: options.force ?? false,
    ...(options.store ? { store: options.store } : {}),
  }).then((code) => ({
    code,
    outcomes: stdout()
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l)),
    stderr: stderr(),
  }));
};

describe('cli: undo', () => {
  it('dry run by default: prints the SetQueueAttributes it would send, writes nothing, exit 0', async () => {
    const { aws, finding } = await fixedQueue();
    const run = await undo(aws, JSON.stringify(finding));
    expect(run.code).to.equal(0);
    expect(run.outcomes).to.deep.equal([
      {
        id: finding.id,
        check: 'sqs.public',
        resource: finding.resource,
        status: 'would_restore',
        steps: [
          {
            service: 'SQS',
            command: 'SetQueueAttributes',
            input: { QueueUrl: QUEUE_URL, Attributes: { Policy: OPEN_TEXT() } },
          },
        ],
      },
    ]);
    expect(aws.writes()).to.deep.equal([]);
    expect(run.stderr).to.contain(
      'undo (dry run, nothing is written; --apply restores): 1 finding: 1 would restore',
    );
  });

  it('--apply restores the policy; a second --apply finds nothing to write', async () => {
    const { aws, finding } = await fixedQueue();
    const first = await undo(aws, JSON.stringify(finding), { apply: true });
    expect(first.code).to.equal(0);
    expect(aws.inputs('SQS.SetQueueAttributes')).to.deep.equal([
      { QueueUrl: QUEUE_URL, Attributes: { Policy: OPEN_TEXT() } },
    ]);
    const second = await undo(aws, JSON.stringify(finding), { apply: true });
    expect(second.outcomes[0].status).to.equal('already');
    expect(aws.inputs('SQS.SetQueueAttributes')).to.have.length(1);
  });

  it('refuses a queue whose policy changed since the fix (exit 1), names the difference; --force restores it', async () => {
    const { aws, finding } = await fixedQueue();
    const changed = policy({
      Sid: 'Other',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::222222222222:root' },
      Action: 'sqs:SendMessage',
      Resource: QUEUE_ARN,
    });
    aws.on(sqsWorld({ policy: changed }));
    const refused = await undo(aws, JSON.stringify(finding), { apply: true });
    expect(refused.code).to.equal(1);
    expect(refused.outcomes[0].status).to.equal('refused');
    expect(refused.stderr).to.match(
      // The fix removed the policy (it left ""); someone wrote one since.
      /line 1: sqs\.public .*: changed since the fix: Policy: now a policy with statement Other, the fix left none; nothing was written/,
    );
    expect(aws.writes()).to.deep.equal([]);
    const forced = await undo(aws, JSON.stringify(finding), { apply: true, force: true });
    expect(forced.code).to.equal(0);
    expect(aws.writes()).to.have.length(1);
  });

  it('reads ids only with --table; skips findings without an applied fix; bad lines exit 1 and the rest still run', async () => {
    const { aws, finding } = await fixedQueue();
    const dry: Finding = { ...finding, remediation: { ...finding.remediation, status: 'dry_run' } };
    const run = await undo(aws, [finding.id, 'not json', JSON.stringify(dry)].join('\n'));
    expect(run.code).to.equal(1);
    expect(run.stderr).to.contain('line 1: a finding id needs --table');
    expect(run.stderr).to.contain('line 2: invalid JSON');
    expect(run.outcomes.map((o) => o.status)).to.deep.equal(['skipped']);
  });

  it('with --table: an id is looked up, the undo is recorded, and the next undo of it is skipped', async () => {
    const { aws, finding } = await fixedQueue();
    const store = new MemoryFindingStore();
    await store.put(seen(undefined, finding, { now: NOW, retentionDays: 90 }).next!, undefined);
    const run = await undo(aws, `${finding.id}\n`, { apply: true, store });
    expect(run.code).to.equal(0);
    expect(run.outcomes.map((o) => o.status)).to.deep.equal(['restored']);
    expect(store.items.get(finding.id)).to.deep.include({ status: 'open' });
    expect(store.items.get(finding.id)!.lastRemediation?.status).to.equal('undone');
    const again = await undo(aws, `${finding.id}\n`, { apply: true, store });
    expect(again.stderr).to.match(/its last fix was undone at/);
    expect(aws.inputs('SQS.SetQueueAttributes')).to.have.length(1);
  });

  it('undoes the latest fix first', async () => {
    const { aws, finding } = await fixedQueue();
    const other = { ...finding, id: 'f'.repeat(64), resource: resource('sqs', `${QUEUE_URL}-2`) };
    aws.on({ 'SQS.GetQueueAttributes': { Attributes: {} } });
    const run = await undo(aws, [JSON.stringify(finding), JSON.stringify(other)].join('\n'));
    expect(run.outcomes.map((o) => o.id)).to.deep.equal([other.id, finding.id]);
  });

  it('warns on stderr when the settings would fix the resource again', async () => {
    const { aws, finding } = await fixedQueue();
    const { io, stderr } = captureIO(JSON.stringify(finding));
    await runUndo(io, {
      settings: settingsWith({ remediate: true }),
      clients: aws,
      apply: false,
      force: false,
    });
    expect(stderr()).to.contain(
      'note: remediation of sqs.public is on in the settings: the next audit fixes',
    );
  });
});

function OPEN_TEXT(): string {
  return JSON.stringify(OPEN);
}
