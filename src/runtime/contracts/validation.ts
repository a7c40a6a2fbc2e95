import * as z from 'zod/mini';
import { REGION_SHAPE, notARegionCode, regionProblem } from './regions';

/**
 * An error function for a schema: "is required: <what>" when the field is missing, otherwise
 * "must be <what>". Keeps every message about what to write instead.
 */
export function expected(what: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `is required: ${what}` : `must be ${what}`;
}

/** A 12-digit AWS account ID. */
export const AccountIdSchema = z
  .string({ error: expected('a 12-digit AWS account ID string, like "123456789012"') })
  .check(
    z.regex(/^\d{12}$/, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not a 12-digit AWS account ID, like "123456789012"`,
    }),
  );

/**
 * An AWS region code by its shape, in any partition (us-east-1, eu-central-2, us-gov-west-1,
 * cn-north-1, ...): for what AWS itself sends (events, resource messages), which may name a region
 * newer than this package.
 */
export const RegionSchema = z
  .string({ error: expected('an AWS region code string, like "us-east-1"') })
  .check(z.regex(REGION_SHAPE, { error: (issue) => notARegionCode(issue.input) }));

/**
 * A region to watch (settings, component arguments): a code the AWS SDK's partitions list, so a typo
 * fails at `pulumi up` and at the functions' start alike, instead of watching nothing.
 */
export const KnownRegionSchema = z
  .string({ error: expected('an AWS region code string, like "us-east-1"') })
  .check(
    z.superRefine((value, ctx) => {
      const problem = regionProblem(value);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: value });
    }),
  );

function quoteList(keys: readonly PropertyKey[]): string {
  return keys.map((k) => JSON.stringify(String(k))).join(', ');
}

/**
 * An object schema that rejects unknown fields and names the allowed ones, so a typo in a setting
 * fails with what to write instead.
 */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  const allowed = quoteList(Object.keys(shape));
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown ${issue.keys.length === 1 ? 'field' : 'fields'} ${quoteList(issue.keys)}; allowed: ${allowed}`
        : issue.code === 'invalid_type'
          ? expected(`an object with the fields ${allowed}`)(issue)
          : undefined,
  });
}

/** A map whose keys must come from `keys` (any subset), with an error that lists them. */
export function partialMapOf<K extends readonly [string, ...string[]], V extends z.core.SomeType>(
  keys: K,
  value: V,
  keyName: string,
): z.ZodMiniRecord<z.ZodMiniEnum<z.core.util.ToEnum<K[number]>> & z.core.$partial, V> {
  // Zod reports keys outside an enum as `unrecognized_keys`, which its types for records do not list.
  const error = (issue: { code?: string; keys?: readonly PropertyKey[]; input?: unknown }) =>
    issue.code === 'unrecognized_keys'
      ? `unknown ${keyName} ${quoteList(issue.keys ?? [])}; use one of ${keys.join(', ')}`
      : issue.code === 'invalid_type'
        ? expected(`a map from ${keyName} to a list`)(issue)
        : undefined;
  return z.partialRecord(z.enum(keys), value, { error });
}

/** Renders a path like `exceptions.tag.key` or `regions[1]`. */
export function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || '(root)';
}

type Issue = z.core.$ZodIssue;

/**
 * A union's issue says only "invalid input". When all but one of its branches failed on the value's
 * kind alone (a boolean where a map was given), report the problems of the branch that fits instead.
 */
function explain(issue: Issue): { path: PropertyKey[]; message: string }[] {
  // A map key that failed its schema: say why the key is wrong, not just that it is.
  if (issue.code === 'invalid_key' && issue.issues.length > 0) {
    return issue.issues.map((inner) => ({ path: issue.path, message: inner.message }));
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const fitting = issue.errors.filter(
      (branch) => !(branch.length === 1 && branch[0]?.code === 'invalid_type' && branch[0].path.length === 0),
    );
    if (fitting.length === 1 && fitting[0]) {
      return fitting[0].flatMap((inner) =>
        explain(inner).map((e) => ({ path: [...issue.path, ...e.path], message: e.message })),
      );
    }
  }
  return [{ path: issue.path, message: issue.message }];
}

/** Turns zod issues into one readable line each, naming the field and what is allowed. */
export function formatIssues(root: string, error: z.core.$ZodError): string[] {
  return error.issues.flatMap(explain).map((e) => `${formatPath(root, e.path)}: ${e.message}`);
}

/**
 * True when A and B accept the same values and name the same fields, at every depth (optional ones
 * included), so a declared type cannot drift from its schema.
 */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? SameFields<A, B> : false) : false;

type SameFields<A, B> = [A] extends [readonly unknown[]]
  ? [B] extends [readonly unknown[]]
    ? SameFields<A[number], B[number]>
    : false
  : [A] extends [object]
    ? [B] extends [object]
      ? [keyof A] extends [keyof B]
        ? [keyof B] extends [keyof A]
          ? [
              { [K in keyof A & keyof B]-?: SameFields<NonNullable<A[K]>, NonNullable<B[K]>> }[keyof A &
                keyof B],
            ] extends [true]
            ? true
            : false
          : false
        : false
      : false
    : true;

/** Compiles only when A and B have the same shape (see {@link SameShape}); does nothing at run time. */
export function sameShape<A, B>(_proof: SameShape<A, B>): void {}
