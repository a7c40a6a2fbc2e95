import { z } from 'zod';
import { SettingsError } from '../errors';
import { CHECK_IDS, isCheckId } from './checks';
import { RESOURCE_TYPES, ResourceTypeSchema } from './message';
import { AccountIdSchema, RegionSchema, expected, formatIssues, partialMapOf, strictObject } from './validation';

/** Role name the master assumes in member accounts unless `memberRoleName` says otherwise. */
export const DEFAULT_MEMBER_ROLE_NAME = 'member_remediator';

export const DEFAULT_THRESHOLDS = {
  mfaGraceHours: 24,
  passwordInactiveDays: 90,
  accessKeyInactiveDays: 100,
} as const;

const RESOURCE_TYPE_SET: ReadonlySet<string> = new Set(RESOURCE_TYPES);

function uniqueList<T extends z.ZodType<string>>(item: T, what: string) {
  return z.array(item, { error: expected(`a list of ${what}`) }).superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((value, index) => {
      if (seen.has(value)) {
        ctx.addIssue({ code: 'custom', path: [index], message: `${JSON.stringify(value)} is listed twice` });
      }
      seen.add(value);
    });
  });
}

const positiveInt = (what: string) =>
  z
    .number({ error: expected(`a number of ${what}`) })
    .int({ error: `must be a whole number of ${what}` })
    .positive({ error: `must be a positive number of ${what}` });

const RoleNameSchema = z
  .string({ error: 'must be an IAM role name string' })
  .regex(/^[\w+=,.@-]{1,64}$/, {
    error: 'must be an IAM role name: 1 to 64 letters, digits or any of _+=,.@-',
  });

const ExternalIdSchema = z
  .string({ error: 'must be a string' })
  .regex(/^[\w+=,.@:/-]{2,1224}$/, {
    error: 'must be 2 to 1224 letters, digits or any of _+=,.@:/- (the STS ExternalId format)',
  });

const TagKeySchema = z
  .string({ error: 'must be a tag key string' })
  .min(1, { error: 'must not be empty' })
  .max(128, { error: 'must be at most 128 characters (the AWS tag key limit)' });

const RemediateSchema = z
  .union(
    [
      z.boolean(),
      z.record(z.string(), z.boolean({ error: expected('true or false') })).superRefine((map, ctx) => {
        for (const key of Object.keys(map)) {
          if (!isCheckId(key) && !RESOURCE_TYPE_SET.has(key)) {
            ctx.addIssue({
              code: 'custom',
              path: [key],
              message: `${JSON.stringify(key)} is neither a check id nor a resource type; use a check id (one of ${CHECK_IDS.join(', ')}) or a resource type (one of ${RESOURCE_TYPES.join(', ')})`,
            });
          }
        }
      }),
    ],
    { error: 'must be true, false, or a map from check id or resource type to true/false' },
  )
  .default(false);

/**
 * The settings schema, shared by the components (validated at `pulumi up`) and the runtime
 * (validated at start). Defaults are applied on parse.
 */
export const RemediationSettingsSchema = strictObject({
  regions: uniqueList(RegionSchema, 'AWS region codes, like ["us-east-1", "eu-west-1"]').min(1, {
    error: 'must list at least one region to watch, like ["us-east-1"]',
  }),
  accounts: uniqueList(AccountIdSchema, '12-digit account IDs').default([]),
  organizationAccounts: uniqueList(AccountIdSchema, '12-digit management account IDs').default([]),
  devAccounts: uniqueList(AccountIdSchema, '12-digit account IDs').default([]),
  requiredTags: uniqueList(TagKeySchema, 'tag keys').default([]),
  remediate: RemediateSchema,
  exceptions: strictObject({
    resources: partialMapOf(
      RESOURCE_TYPES,
      z.array(z.string({ error: expected('a resource id string') }), { error: expected('a list of resource ids') }),
      'resource type',
    ).default({}),
    accounts: z
      .record(AccountIdSchema, z.array(ResourceTypeSchema, { error: expected('a list of resource types') }))
      .default({}),
    tag: strictObject({
      key: TagKeySchema,
      value: z.string({ error: expected('a tag value string') }).max(256).optional(),
    }).optional(),
  }).default({ resources: {}, accounts: {} }),
  memberRoleName: RoleNameSchema.default(DEFAULT_MEMBER_ROLE_NAME),
  externalId: ExternalIdSchema.optional(),
  guardDutyAdminAccount: AccountIdSchema.optional(),
  thresholds: strictObject({
    mfaGraceHours: positiveInt('hours').default(DEFAULT_THRESHOLDS.mfaGraceHours),
    passwordInactiveDays: positiveInt('days').default(DEFAULT_THRESHOLDS.passwordInactiveDays),
    accessKeyInactiveDays: positiveInt('days').default(DEFAULT_THRESHOLDS.accessKeyInactiveDays),
  }).default({ ...DEFAULT_THRESHOLDS }),
}).superRefine((settings, ctx) => {
  if (settings.accounts.length === 0 && settings.organizationAccounts.length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['accounts'],
      message:
        'no accounts to watch: list member account IDs in "accounts", or organization management accounts in "organizationAccounts"',
    });
  }
});

/** Settings as a user writes them (optional fields may be left out). */
export type RemediationSettings = z.input<typeof RemediationSettingsSchema>;
/** Settings after validation, with every default filled in. */
export type ResolvedSettings = z.output<typeof RemediationSettingsSchema>;

/**
 * Validates settings and fills in defaults. Throws {@link SettingsError} with one line per problem,
 * each naming the field (`settings.regions[1]`) and what is allowed.
 */
export function validateSettings(input: unknown): ResolvedSettings {
  const result = RemediationSettingsSchema.safeParse(input);
  if (!result.success) throw new SettingsError(formatIssues('settings', result.error));
  return result.data;
}

/** Parses settings from JSON text (a settings.json file), with the same errors as {@link validateSettings}. */
export function parseSettingsJson(text: string, source = 'settings'): ResolvedSettings {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SettingsError([`${source}: not valid JSON (${(error as Error).message})`]);
  }
  return validateSettings(value);
}

