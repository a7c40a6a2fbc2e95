/**
 * The environment variables the functions read, set by the RemediationMaster component. Settings are
 * not among them: they travel as settings.json beside each handler.
 */
export const HANDLER_ENV = {
  /** The resource queue (translator and poll worker send to it). */
  resourceQueueUrl: 'RESOURCE_QUEUE_URL',
  /** The poll queue (the poll planner sends tasks to it). */
  pollQueueUrl: 'POLL_QUEUE_URL',
  /** The notifications topic (the remediator publishes findings to it; optional). */
  notificationTopicArn: 'NOTIFICATION_TOPIC_ARN',
  /** "true": poll only the misconfiguration maker's resources, for trials in real accounts. */
  onlyTestResources: 'POLL_ONLY_TEST_RESOURCES',
  /** The findings store's DynamoDB table (the remediator reads and writes it; optional). */
  findingsTable: 'FINDINGS_TABLE',
  /** Days the findings store keeps a resolved finding (the remediator; default 90). */
  findingsRetentionDays: 'FINDINGS_RETENTION_DAYS',
} as const;
