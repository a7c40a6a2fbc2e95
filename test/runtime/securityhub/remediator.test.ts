import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { expect } from 'chai';
import { serializeResourceMessage } from '../../../src/runtime/contracts/message';
import type { RemediationSettings } from '../../../src/runtime/contracts/settings';
import { findingId, type Finding } from '../../../src/runtime/findings/finding';
import { MemoryFindingStore } from '../../../src/runtime/findings/store';
import { type PendingFindings, Remediator } from '../../../src/runtime/remediator/remediator';
import { pendingFindingsOf, PENDING_FINDINGS_ATTRIBUTE } from '../../../src/runtime/remediator/requeue';
import { FakeAws, watched, type World } from '../../helpers/aws';
import { ACCOUNT, NOW, policy, publicStatement, resource, settingsWith } from '../../helpers/resources';
import { QUEUE_ARN, QUEUE_URL, sqsWorld } from '../types/sqs/fixtures';

const queue = resource('sqs', QUEUE_URL);
const imported = (aws: FakeAws): AwsSecurityFinding[] =>
  aws
    .inputs('SecurityHub.BatchImportFindings')
    .flatMap((i: { Findings: AwsSecurityFinding[] }) => i.Findings);

/** Security Hub answering every import as done, or with `failed` for each finding. */
function securityHub(failed = false): World {
  return {
    'SecurityHub.BatchImportFindings': (input: { Findings: AwsSecurityFinding[] }) => ({
      FailedCount: failed ? input.Findings.length : 0,
      SuccessCount: failed ? 0 : input.Findings.length,
      FailedFindings: failed
        ? input.Findings.map((f) => ({
            Id: f.Id,
            ErrorCode: 'InvalidAccess',
            ErrorMessage: 'not subscribed',
          }))
        : [],
    }),
  };
}

function setup(
  options: {
    settings?: Partial<RemediationSettings>;
    world?: World;
    republish?: boolean;
    store?: MemoryFindingStore;
  } = {},
) {
  const settings = settingsWith({ securityHub: true, ...options.settings });
  const aws = new FakeAws({
    ...sqsWorld({ policy: policy(publicStatement('Open', 'sqs:*', QUEUE_ARN)) }),
    ...securityHub(),
    ...options.world,
  });
  watched.push({ aws, settings });
  const recorded: Finding[] = [];
  const handedOn: PendingFindings[] = [];
  const remediator = new Remediator({
    settings,
    clients: aws,
    now: () => NOW,
    record: (f) => void recorded.push(...f),
    ...(options.store ? { store: options.store } : {}),
    ...(options.republish
      ? {
          republish: async (_r, pending) => {
            // As the queue carries it: JSON in a message attribute.
            const text = JSON.stringify(pending);
            handedOn.push(pendingFindingsOf({ [PENDING_FINDINGS_ATTRIBUTE]: { stringValue: text } })!);
          },
        }
      : {}),
  });
  return { aws, remediator, recorded, handedOn };
}

describe('securityhub: the remediator imports findings', () => {
  it('imports nothing, and calls nothing, without the setting', async () => {
    const { aws } = setup({ settings: { securityHub: false } });
    const settings = settingsWith();
    const remediator = new Remediator({ settings, clients: aws, now: () => NOW });
    await remediator.audit(queue);
    expect(aws.calls('SecurityHub.BatchImportFindings')).to.deep.equal([]);
  });

  it("imports a failing check FAILED in the resource's account and region, through the member role", async () => {
    const { aws, remediator } = setup();
    const report = await remediator.audit(queue);
    expect(report.findings.map((f) => f.check)).to.deep.equal(['sqs.public']);
    const calls = aws.calls('SecurityHub.BatchImportFindings');
    expect(calls.map((c) => [c.account, c.region])).to.deep.equal([[ACCOUNT, queue.region]]);
    expect(imported(aws).map((f) => [f.Id, f.Compliance?.Status, f.RecordState])).to.deep.equal([
      [findingId('sqs.public', queue), 'FAILED', 'ACTIVE'],
      // The check the queue passes, as passed.
      [findingId('sqs.shared_unknown_account', queue), 'PASSED', 'ARCHIVED'],
    ]);
  });

  it('without a store, imports every check the resource passes as PASSED (ARCHIVED)', async () => {
    const { aws, remediator } = setup({ world: sqsWorld({ policy: policy() }) });
    const report = await remediator.audit(queue);
    expect(report.findings).to.deep.equal([]);
    expect(imported(aws).map((f) => [f.Id, f.Compliance?.Status, f.RecordState])).to.deep.equal([
      [findingId('sqs.public', queue), 'PASSED', 'ARCHIVED'],
      [findingId('sqs.shared_unknown_account', queue), 'PASSED', 'ARCHIVED'],
    ]);
  });

  it('a gone resource archives every check of its type', async () => {
    const gone = () => {
      const error = new Error('gone');
      error.name = 'QueueDoesNotExist';
      throw error;
    };
    const { aws, remediator } = setup({ world: { 'SQS.GetQueueAttributes': gone } });
    const report = await remediator.audit(queue);
    expect(report.gone).to.equal(true);
    expect(imported(aws).map((f) => [f.GeneratorId, f.RecordState])).to.deep.equal([
      ['aws-remediation/sqs.public', 'ARCHIVED'],
      ['aws-remediation/sqs.shared_unknown_account', 'ARCHIVED'],
    ]);
  });

  it('with the store, sends PASSED only for what the audit resolved', async () => {
    const store = new MemoryFindingStore();
    const first = setup({ store });
    await first.remediator.audit(queue);
    expect(imported(first.aws).map((f) => f.Compliance?.Status)).to.deep.equal(['FAILED']);
    // The queue is fixed out of band: the stored finding resolves, and Security Hub hears it.
    const second = setup({ store, world: sqsWorld({ policy: policy() }) });
    await second.remediator.audit(queue);
    expect(imported(second.aws).map((f) => [f.Id, f.Compliance?.Status, f.RecordState])).to.deep.equal([
      [findingId('sqs.public', queue), 'PASSED', 'ARCHIVED'],
    ]);
    expect(imported(second.aws)[0]!.Description).to.match(/^Resolved: sqs\.public/);
    // A third audit of a queue that passes and had nothing open sends nothing.
    const third = setup({ store, world: sqsWorld({ policy: policy() }) });
    await third.remediator.audit(queue);
    expect(third.aws.calls('SecurityHub.BatchImportFindings')).to.deep.equal([]);
  });

  it('fails the record when Security Hub rejects findings (FailedFindings), the finding already recorded', async () => {
    const { remediator, recorded } = setup({ world: securityHub(true) });
    let error: unknown;
    try {
      await remediator.handleBody(serializeResourceMessage(queue));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).name).to.equal('SecurityHubImportError');
    expect((error as Error).message).to.match(
      /2 of 2 findings could not be imported into Security Hub: .*InvalidAccess/,
    );
    expect(recorded.map((f) => f.check)).to.deep.equal(['sqs.public']);
  });

  it('fails the record when the import call throws', async () => {
    const { remediator } = setup({
      world: {
        'SecurityHub.BatchImportFindings': () => {
          const e = new Error('Account is not subscribed to AWS Security Hub');
          e.name = 'InvalidAccessException';
          throw e;
        },
      },
    });
    let error: unknown;
    try {
      await remediator.audit(queue);
    } catch (e) {
      error = e;
    }
    expect((error as Error)?.message).to.match(/InvalidAccessException: Account is not subscribed/);
  });

  it('hands rejected findings on to be imported later: the fix is made once, never again', async () => {
    // Prepare: remediation on; Security Hub rejects the first import.
    let rejecting = true;
    const { aws, remediator, handedOn } = setup({
      settings: { remediate: true },
      republish: true,
      world: {
        'SecurityHub.BatchImportFindings': (input: { Findings: AwsSecurityFinding[] }) =>
          rejecting
            ? {
                FailedCount: input.Findings.length,
                SuccessCount: 0,
                FailedFindings: input.Findings.map((f) => ({
                  Id: f.Id,
                  ErrorCode: 'Throttled',
                  ErrorMessage: 'slow down',
                })),
              }
            : { FailedCount: 0, SuccessCount: input.Findings.length, FailedFindings: [] },
      },
    });

    // Act: the audit fixes the queue; the import fails, and the findings go back to the queue.
    const report = await remediator.audit(queue);
    expect(report.findings.map((f) => f.remediation.status)).to.deep.equal(['applied']);
    expect(report.republished).to.equal(2);
    expect(handedOn).to.have.length(1);
    const pending = handedOn[0]!;
    expect(pending.findings).to.deep.equal([]);
    expect(pending.securityHub!.map((f) => [f.Id, f.Compliance?.Status])).to.deep.equal([
      [findingId('sqs.public', queue), 'FAILED'],
      [findingId('sqs.shared_unknown_account', queue), 'PASSED'],
    ]);

    // The later attempt imports them as they were, without auditing or fixing again.
    rejecting = false;
    const reads = aws.calls('SQS.GetQueueAttributes').length;
    const again = await remediator.handleBody(serializeResourceMessage(queue), 0, pending);
    expect(again.audited).to.equal(false);
    expect(aws.calls('SQS.SetQueueAttributes')).to.have.length(1);
    expect(aws.calls('SQS.GetQueueAttributes')).to.have.length(reads);
    const calls = aws.inputs('SecurityHub.BatchImportFindings');
    expect(calls).to.have.length(2);
    expect(calls[1]).to.deep.equal(calls[0]);
  });

  it('fails a later attempt that is rejected again, so SQS retries it', async () => {
    const { remediator } = setup({ world: securityHub(true) });
    const pending: PendingFindings = {
      stored: true,
      findings: [],
      securityHub: [
        { Id: 'x', AwsAccountId: ACCOUNT, Resources: [{ Type: 'Other', Id: 'r', Region: queue.region }] },
      ] as AwsSecurityFinding[],
    };
    let error: unknown;
    try {
      await remediator.publishPending(queue, pending);
    } catch (e) {
      error = e;
    }
    expect((error as Error)?.name).to.equal('SecurityHubImportError');
  });
});
