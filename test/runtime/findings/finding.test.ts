import { expect } from 'chai';
import {
  type Finding,
  SNS_SUBJECT_MAX,
  findingId,
  notificationFor,
} from '../../../src/runtime/findings/finding';
import { message } from '../../helpers/sqs';

const TOPIC = 'arn:aws:sns:eu-west-1:999999999999:findings';
const finding = (overrides: Partial<Finding> = {}): Finding => ({
  id: findingId('sqs.public', message({ id: 'https://sqs.eu-west-1.amazonaws.com/111111111111/orders' })),
  check: 'sqs.public',
  severity: 'high',
  resource: message({ id: 'https://sqs.eu-west-1.amazonaws.com/111111111111/orders' }),
  message: 'Queue policy statement "Open" allows anyone (Principal "*") to call sqs:SendMessage',
  remediation: { action: 'remove public policy statements', status: 'dry_run' },
  observedAt: '2026-11-22T12:00:00.000Z',
  trigger: 'poll',
  ...overrides,
});

describe('findings: notifications', () => {
  it('publishes a short subject, a readable body with the full JSON, and filterable attributes', () => {
    const input = notificationFor(finding(), TOPIC);
    expect(input.TopicArn).to.equal(TOPIC);
    expect(input.Subject).to.equal(
      '[HIGH] sqs.public dry_run: ....eu-west-1.amazonaws.com/111111111111/orders (111111111111 eu-west-1)',
    );
    expect(input.Subject!.length).to.equal(SNS_SUBJECT_MAX);
    expect(input.Message).to.contain('Remediation: remove public policy statements -> dry_run');
    expect(JSON.parse(input.Message!.slice(input.Message!.indexOf('\n{')))).to.deep.equal(finding());
    expect(input.MessageAttributes).to.deep.equal({
      account: { DataType: 'String', StringValue: '111111111111' },
      type: { DataType: 'String', StringValue: 'sqs' },
      check: { DataType: 'String', StringValue: 'sqs.public' },
      severity: { DataType: 'String', StringValue: 'high' },
      status: { DataType: 'String', StringValue: 'dry_run' },
    });
  });

  it('keeps subjects under 100 printable ASCII characters, shortening the id from the left', () => {
    const long = finding({
      check: 'elbv2.public_dev_instance',
      resource: message({
        type: 'elbv2',
        id: `arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/${'a'.repeat(32)}/2453ed029918f21f`,
      }),
    });
    const subject = notificationFor(long, TOPIC).Subject!;
    expect(subject.length).to.be.at.most(SNS_SUBJECT_MAX);
    expect(subject).to.match(
      /^\[HIGH\] elbv2\.public_dev_instance dry_run: \.\.\..*2453ed029918f21f \(111111111111 eu-west-1\)$/,
    );
    const unicode = notificationFor(finding({ resource: message({ id: 'café\nbar' }) }), TOPIC).Subject!;
    expect(unicode).to.match(/^[\x20-\x7e]+$/);
  });

  it('names the account and region for account-level checks', () => {
    const region = finding({ check: 'region.root_mfa', resource: message({ type: 'region', id: '' }) });
    expect(notificationFor(region, TOPIC).Subject).to.equal(
      '[HIGH] region.root_mfa dry_run: region (111111111111 eu-west-1)',
    );
  });

  describe('identity', () => {
    const queue = message({ id: 'https://sqs.eu-west-1.amazonaws.com/111111111111/orders' });

    it('is the same for a check of a resource in every run, and differs by check, account, region and id', () => {
      const id = findingId('sqs.public', queue);
      expect(id).to.match(/^[0-9a-f]{64}$/);
      expect(findingId('sqs.public', { ...queue })).to.equal(id);
      expect(findingId('sqs.public', { ...queue, delay: 900 })).to.equal(id);
      const others = [
        findingId('sqs.shared_unknown_account', queue),
        findingId('sqs.public', { ...queue, account: '222222222222' }),
        findingId('sqs.public', { ...queue, region: 'us-east-1' }),
        findingId('sqs.public', { ...queue, id: `${queue.id}-2` }),
      ];
      expect(new Set([id, ...others]).size).to.equal(5);
    });

    it('counts a global resource once per account, whatever region reported it', () => {
      const bucket = message({ type: 's3_bucket', id: 'reports', region: 'eu-west-1' });
      expect(findingId('s3_bucket.public', bucket)).to.equal(
        findingId('s3_bucket.public', { ...bucket, region: 'us-east-1' }),
      );
    });
  });
});
