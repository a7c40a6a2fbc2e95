import type { Tags } from './decision';

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
