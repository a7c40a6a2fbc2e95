/**
 * pulumi-aws-remediation: find and fix insecure AWS resources across many accounts and regions.
 *
 * The shared contracts (resource messages, settings, checks) and the CloudTrail event translator.
 */
export * from './runtime/contracts';
export * from './runtime/errors';
export {
  buildEventPatterns,
  EVENT_PATTERN_MAX_LENGTH,
  EVENT_RULES,
  translateEvent,
  TranslationTally,
  type CloudTrailEventPattern,
  type EventRule,
  type EventTarget,
  type Translation,
  type TranslationOutcome,
} from './runtime/events';
