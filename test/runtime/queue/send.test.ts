import { expect } from 'chai';
import { DeliveryError } from '../../../src/runtime/errors';
import { SQS_BATCH_BYTES, sendMessages } from '../../../src/runtime/queue/send';
import { message, stubSqs } from '../../helpers/sqs';

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/999999999999/resources';
const noSleep = async () => undefined;
const many = (n: number) => Array.from({ length: n }, (_, i) => message({ id: `q${i}` }));

describe('queue: sendMessages', () => {
  it('sends 10 entries per SendMessageBatch call, with the message as the body', async () => {
    // Prepare
    const sqs = stubSqs();
    // Act
    const report = await sendMessages(sqs, QUEUE, many(23));
    // Assess
    expect(report).to.deep.equal({ sent: 23, calls: 3 });
    const inputs = sqs.inputs();
    expect(inputs.map((i) => i.Entries!.length)).to.deep.equal([10, 10, 3]);
    expect(inputs.every((i) => i.QueueUrl === QUEUE)).to.equal(true);
    expect(inputs[0]!.Entries![0]).to.deep.equal({
      Id: '0',
      MessageBody: '{"account":"111111111111","region":"eu-west-1","type":"sqs","id":"q0","delay":0}',
    });
  });

  it("sets DelaySeconds from the message's delay", async () => {
    const sqs = stubSqs();
    await sendMessages(sqs, QUEUE, [message({ type: 'rds', id: 'db', delay: 900 })]);
    expect(sqs.inputs()[0]!.Entries![0]!.DelaySeconds).to.equal(900);
  });

  it('keeps each call under the batch size limit in bytes', async () => {
    const sqs = stubSqs();
    const big = Array.from({ length: 4 }, (_, i) => message({ id: `${i}`.padEnd(100 * 1024, 'x') }));
    await sendMessages(sqs, QUEUE, big);
    const sizes = sqs
      .inputs()
      .map((i) => i.Entries!.reduce((n, e) => n + Buffer.byteLength(e.MessageBody!), 0));
    expect(sizes.length).to.equal(2);
    for (const size of sizes) expect(size).to.be.at.most(SQS_BATCH_BYTES);
  });

  it('retries only the entries SQS failed on its side, until they are accepted', async () => {
    const sqs = stubSqs((entries, call) => ({
      Successful: entries
        .filter((e) => call > 1 || e.Id !== '3')
        .map((e) => ({ Id: e.Id!, MessageId: 'm', MD5OfMessageBody: 'x' })),
      Failed: call === 1 ? [{ Id: '3', SenderFault: false, Code: 'InternalError' }] : [],
    }));
    const report = await sendMessages(sqs, QUEUE, many(5), { sleep: noSleep });
    expect(report).to.deep.equal({ sent: 5, calls: 2 });
    expect(sqs.inputs()[1]!.Entries!.map((e) => e.Id)).to.deep.equal(['3']);
  });

  it("does not retry entries rejected as the sender's fault, and says they were not delivered", async () => {
    const sqs = stubSqs((entries) => ({
      Successful: entries.slice(1).map((e) => ({ Id: e.Id!, MessageId: 'm', MD5OfMessageBody: 'x' })),
      Failed: [{ Id: entries[0]!.Id!, SenderFault: true, Code: 'InvalidParameterValue', Message: 'bad' }],
    }));
    const error = await sendMessages(sqs, QUEUE, many(3), { sleep: noSleep }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(DeliveryError);
    expect((error as DeliveryError).undelivered).to.equal(1);
    expect((error as DeliveryError).message).to.contain('InvalidParameterValue');
    expect(sqs.send.callCount).to.equal(1);
  });

  it('gives up after maxAttempts on an entry SQS keeps failing', async () => {
    const sqs = stubSqs((entries) => ({
      Successful: [],
      Failed: entries.map((e) => ({ Id: e.Id!, SenderFault: false, Code: 'ServiceUnavailable' })),
    }));
    const error = await sendMessages(sqs, QUEUE, many(2), { sleep: noSleep, maxAttempts: 3 }).catch(
      (e: unknown) => e,
    );
    expect((error as DeliveryError).undelivered).to.equal(2);
    expect(sqs.send.callCount).to.equal(3);
  });

  it('still tries the other batches when a call throws, then reports what was lost', async () => {
    const sqs = stubSqs((entries, call) => {
      if (call === 1) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
      return {
        Successful: entries.map((e) => ({ Id: e.Id!, MessageId: 'm', MD5OfMessageBody: 'x' })),
        Failed: [],
      };
    });
    const error = await sendMessages(sqs, QUEUE, many(15), { sleep: noSleep }).catch((e: unknown) => e);
    expect(sqs.send.callCount).to.equal(2);
    expect(error).to.be.instanceOf(DeliveryError);
    expect((error as DeliveryError).undelivered).to.equal(10);
    expect((error as DeliveryError).message).to.match(/10 of 15 messages were not delivered.*TimeoutError/);
  });

  it('makes no call for no messages', async () => {
    const sqs = stubSqs();
    expect(await sendMessages(sqs, QUEUE, [])).to.deep.equal({ sent: 0, calls: 0 });
    expect(sqs.send.callCount).to.equal(0);
  });
});
