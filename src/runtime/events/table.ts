import type { ResourceType } from '../contracts/message';
import { MANIFESTS } from '../types';
import type { CloudTrailDetail } from './cloudtrail';

/** How one API call names the resources it changed. */
export interface EventTarget {
  /** The resource type of the messages this target yields. */
  readonly type: ResourceType;
  /** The ids of the changed resources; empty when the call's shape does not fit this target. */
  readonly ids: (detail: CloudTrailDetail) => readonly string[];
  /** Seconds to wait before the resource is audited (resources still being created). */
  readonly delay?: number;
}

/** One row of the translation table: an API call that can make a resource non-compliant. */
export interface EventRule {
  /** CloudTrail `eventSource`, e.g. `sqs.amazonaws.com`. */
  readonly eventSource: string;
  /** CloudTrail `eventName`, e.g. `SetQueueAttributes`. */
  readonly eventName: string;
  /** Usually one; calls shared by two APIs (classic and v2 load balancers) have one per shape. */
  readonly targets: readonly EventTarget[];
}

/**
 * The translation table: every API call that can make a watched resource non-compliant, and how to
 * find the resources it changed, from the event rows of the type manifests. A call shared by two types
 * (CreateLoadBalancer: classic and v2) has one target per type. The EventBridge pattern of the
 * forwarders and rules is built from this table (`buildEventPatterns` in ./pattern), so the two cannot
 * drift apart.
 */
export const EVENT_RULES: readonly EventRule[] = (() => {
  const rules = new Map<string, { eventSource: string; eventName: string; targets: EventTarget[] }>();
  for (const manifest of MANIFESTS) {
    for (const row of manifest.events) {
      for (const eventName of row.eventNames) {
        const key = `${row.eventSource} ${eventName}`;
        const rule = rules.get(key) ?? { eventSource: row.eventSource, eventName, targets: [] };
        rule.targets.push({ type: manifest.type, ids: row.ids, ...(row.delay ? { delay: row.delay } : {}) });
        rules.set(key, rule);
      }
    }
  }
  return [...rules.values()];
})();

/** Looks up the row for an event, by source and name. */
const INDEX: ReadonlyMap<string, EventRule> = new Map(
  EVENT_RULES.map((r) => [`${r.eventSource} ${r.eventName}`, r]),
);

export function findEventRule(eventSource: string, eventName: string): EventRule | undefined {
  return INDEX.get(`${eventSource} ${eventName}`);
}
