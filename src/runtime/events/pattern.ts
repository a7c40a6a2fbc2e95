import { CLOUDTRAIL_DETAIL_TYPE } from './cloudtrail';
import { EVENT_RULES, type EventRule } from './table';

/** An EventBridge event pattern for CloudTrail API calls. */
export interface CloudTrailEventPattern {
  /** Only AWS services emit `aws.` sources: PutEvents refuses them, so nobody can forge these events. */
  readonly source: [{ prefix: 'aws.' }];
  readonly 'detail-type': [typeof CLOUDTRAIL_DETAIL_TYPE];
  readonly detail: {
    /** Failed calls changed nothing: EventBridge drops them before they cost an invocation. */
    readonly errorCode: [{ exists: false }];
    readonly $or: { eventSource: [string]; eventName: string[] }[];
  };
}

/**
 * EventBridge's default quota for the size of a rule's event pattern, in characters of JSON
 * (it can be raised to 4096 through Service Quotas).
 */
export const EVENT_PATTERN_MAX_LENGTH = 2048;

function groupBySource(rules: readonly EventRule[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const rule of rules) {
    const names = groups.get(rule.eventSource) ?? [];
    if (!names.includes(rule.eventName)) names.push(rule.eventName);
    groups.set(rule.eventSource, names);
  }
  return groups;
}

function patternOf(groups: readonly [string, string[]][]): CloudTrailEventPattern {
  return {
    source: [{ prefix: 'aws.' }],
    'detail-type': [CLOUDTRAIL_DETAIL_TYPE],
    detail: {
      errorCode: [{ exists: false }],
      $or: groups.map(([eventSource, eventName]) => ({
        eventSource: [eventSource],
        eventName: [...eventName],
      })),
    },
  };
}

/**
 * Builds the EventBridge patterns that match every API call of the translation table, and only
 * those (each event source with its own event names), from AWS services only (`source` prefix
 * `aws.`, which PutEvents refuses, so events cannot be forged). Forwarders in member accounts and the rules
 * in front of the translator use these patterns, so they cannot drift from the table.
 *
 * Event sources are packed into as few patterns as fit `maxLength` characters each; one rule is
 * needed per pattern (the default table needs more than one under the default quota).
 */
export function buildEventPatterns(
  rules: readonly EventRule[] = EVENT_RULES,
  maxLength: number = EVENT_PATTERN_MAX_LENGTH,
): CloudTrailEventPattern[] {
  const patterns: CloudTrailEventPattern[] = [];
  let current: [string, string[]][] = [];
  for (const group of groupBySource(rules)) {
    const candidate = [...current, group];
    if (current.length > 0 && JSON.stringify(patternOf(candidate)).length > maxLength) {
      patterns.push(patternOf(current));
      current = [group];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) patterns.push(patternOf(current));
  const tooLong = patterns.find((p) => JSON.stringify(p).length > maxLength);
  if (tooLong) {
    throw new RangeError(
      `the events of ${tooLong.detail.$or.map((o) => o.eventSource[0]).join(', ')} alone need a pattern longer than ${maxLength} characters; raise the EventBridge event pattern size quota and pass the new limit`,
    );
  }
  return patterns;
}
