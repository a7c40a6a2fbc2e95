import type { PublishCommand } from '@aws-sdk/client-sns';
import { type Finding, notificationFor } from '../findings/finding';
import { type Lazy, resolveLazy } from '../lazy';

/** Where findings go besides the log. */
export interface Notifier {
  publish(finding: Finding): Promise<void>;
}

/** The part of an SNS client this module uses. */
export interface SnsSender {
  send(command: PublishCommand): Promise<unknown>;
}

/** Publishes each finding to an SNS topic ({@link notificationFor} builds the message). */
export class SnsNotifier implements Notifier {
  constructor(
    private readonly sns: Lazy<SnsSender>,
    readonly topicArn: string,
  ) {}

  async publish(finding: Finding): Promise<void> {
    // The SNS module is loaded with the first finding, not when the function starts.
    const { PublishCommand: Publish } = await import('@aws-sdk/client-sns');
    await (await resolveLazy(this.sns)).send(new Publish(notificationFor(finding, this.topicArn)));
  }
}

/** The region of a topic ARN (`arn:aws:sns:eu-west-1:111111111111:findings` -> `eu-west-1`). */
export function topicRegion(topicArn: string): string | undefined {
  const parts = topicArn.split(':');
  return parts[0] === 'arn' && parts[2] === 'sns' && parts[3] ? parts[3] : undefined;
}
