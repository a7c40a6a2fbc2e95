import type * as pulumi from '@pulumi/pulumi';

/** A queue's encryption: the customer-managed key, or SQS-managed encryption. */
export type QueueEncryption = { kmsMasterKeyId: pulumi.Input<string> } | { sqsManagedSseEnabled: true };

/**
 * Every use of the master's optional customer-managed key (`kmsKeyArn`), in one place: how its queues
 * and topics are encrypted, and what the functions need to use them.
 */
export interface MasterKey {
  /** The home region's queues: the key, or SQS-managed encryption. */
  readonly queues: QueueEncryption;
  /** The findings topic: the key, or aws/sns. */
  readonly findingsTopic: { kmsMasterKeyId: pulumi.Input<string> };
  /** The home alarms topic: the key, or none (CloudWatch cannot use aws/sns). */
  readonly alarmTopic: { kmsMasterKeyId?: pulumi.Input<string> };
  /**
   * The statements each function's policy ends with, to send to and receive from the encrypted queues
   * and topics: none without a key (SQS-managed encryption and aws/sns need no grant).
   */
  readonly functionStatements: readonly Record<string, unknown>[];
}

/** What the master's resources make of `kmsKeyArn`. */
export function masterKey(kmsKeyArn: pulumi.Input<string> | undefined): MasterKey {
  if (!kmsKeyArn) {
    return {
      queues: { sqsManagedSseEnabled: true },
      findingsTopic: { kmsMasterKeyId: 'alias/aws/sns' },
      alarmTopic: {},
      functionStatements: [],
    };
  }
  return {
    queues: { kmsMasterKeyId: kmsKeyArn },
    findingsTopic: { kmsMasterKeyId: kmsKeyArn },
    alarmTopic: { kmsMasterKeyId: kmsKeyArn },
    functionStatements: [
      {
        Sid: 'UseQueueAndTopicKey',
        Effect: 'Allow',
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: kmsKeyArn,
      },
    ],
  };
}
