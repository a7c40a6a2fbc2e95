import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import type { MasterKey } from './key';
import { type TopicSubscription, subscribe } from './subscriptions';

export interface MasterTopicsArgs {
  readonly homeRegion: string;
  readonly eventRegions: readonly string[];
  readonly key: MasterKey;
  readonly notificationSubscriptions?: readonly TopicSubscription[];
  readonly alarmSubscriptions?: readonly TopicSubscription[];
  readonly tags: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

export interface MasterTopics {
  readonly notificationTopic: aws.sns.Topic;
  /** The alarms topic of the home region. */
  readonly alarmTopic: aws.sns.Topic;
  /** The alarms topic of each watched region (alarms notify topics of their own region only). */
  readonly alarmTopics: Record<string, aws.sns.Topic>;
}

/**
 * The findings topic and an alarms topic per watched region, in the home region encrypted with the
 * master's key, each with its subscriptions (and their filter policies).
 */
export function masterTopics(parent: pulumi.Resource, name: string, args: MasterTopicsArgs): MasterTopics {
  const { homeRegion: region, key, tags } = args;
  const notificationTopic = new aws.sns.Topic(
    `${name}-findings`,
    { region, ...key.findingsTopic, tags },
    { parent },
  );
  const alarmTopic = new aws.sns.Topic(`${name}-alarms`, { region, ...key.alarmTopic, tags }, { parent });
  subscribe(parent, `${name}-findings-subscription`, {
    topic: notificationTopic,
    region,
    subscriptions: args.notificationSubscriptions,
  });
  subscribe(parent, `${name}-alarms-subscription`, {
    topic: alarmTopic,
    region,
    subscriptions: args.alarmSubscriptions,
  });
  const alarmTopics: Record<string, aws.sns.Topic> = { [region]: alarmTopic };
  for (const r of args.eventRegions.filter((x) => x !== region)) {
    // Unencrypted: a KMS key belongs to one region, and alarms carry no data of the resources.
    const topic = new aws.sns.Topic(`${name}-alarms-${r}`, { region: r, tags }, { parent });
    subscribe(parent, `${name}-alarms-${r}-subscription`, {
      topic,
      region: r,
      subscriptions: args.alarmSubscriptions,
    });
    alarmTopics[r] = topic;
  }
  return { notificationTopic, alarmTopic, alarmTopics };
}
