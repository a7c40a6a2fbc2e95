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
   * The findings table: the key, or DynamoDB's AWS-owned key. That one is `enabled: false`, said
   * explicitly: `enabled: true` without a key would be the AWS-managed aws/dynamodb, and leaving the
   * block out would keep whatever key the table has (after the key is removed from the arguments).
   */
  readonly findingsTable: { enabled: boolean; kmsKeyArn?: pulumi.Input<string> };
  /**
   * The statements each function's policy ends with, to send to and receive from the encrypted queues
   * and topics, and for the remediator to read and write the findings table (DynamoDB decrypts the
   * table's key with the caller's permission, `kms:Decrypt`): none without a key (SQS-managed
   * encryption, aws/sns and DynamoDB's AWS-owned key need no grant).
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
      findingsTable: { enabled: false },
      functionStatements: [],
    };
  }
  return {
    queues: { kmsMasterKeyId: kmsKeyArn },
    findingsTopic: { kmsMasterKeyId: kmsKeyArn },
    alarmTopic: { kmsMasterKeyId: kmsKeyArn },
    findingsTable: { enabled: true, kmsKeyArn },
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
