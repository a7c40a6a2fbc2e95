import type { CheckId } from '../contracts/checks';
import type { Tags } from './decision';
import type { Violation } from './types';
import { noun } from '../text';

/** Tags from the `[{Key, Value}]` lists most services return (or `[{TagKey, TagValue}]` for KMS). */
export function tagsFromList(
  list: readonly object[] | undefined,
  keyField = 'Key',
  valueField = 'Value',
): Tags {
  const tags: Record<string, string> = {};
  for (const tag of (list ?? []) as Record<string, unknown>[]) {
    const key = tag[keyField];
    const value = tag[valueField];
    if (typeof key === 'string') tags[key] = typeof value === 'string' ? value : '';
  }
  return tags;
}

/** The required tag keys a resource lacks, in the order settings list them. */
export function missingTags(tags: Tags, required: readonly string[]): string[] {
  return required.filter((key) => !Object.hasOwn(tags, key));
}

/**
 * The `missing_tags` violation of a resource (`what`: "Bucket acme", "Database orders-db"), or none
 * when it carries every required tag. Reported only, unless a `fix` is given.
 */
export function missingTagsViolation(
  check: CheckId,
  what: string,
  tags: Tags,
  required: readonly string[],
  fix?: Pick<Violation, 'action' | 'fix'>,
): Violation[] {
  const missing = missingTags(tags, required);
  if (missing.length === 0) return [];
  return [
    {
      check,
      message: `${what} lacks the required ${noun(missing.length, 'tag')} ${missing.join(', ')}.`,
      action: fix?.action ?? 'report only (tags are for the owner to set)',
      ...(fix?.fix ? { fix: fix.fix } : {}),
    },
  ];
}
