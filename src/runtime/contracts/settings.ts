import * as z from 'zod/mini';
import { SettingsError } from '../errors';
import { CHECK_IDS, isCheckId } from './checks';
import { RESOURCE_TYPES, type ResourceType, ResourceTypeSchema } from './message';
import {
  AccountIdSchema,
  KnownRegionSchema,
  expected,
  formatIssues,
  partialMapOf,
  sameShape,
  strictObject,
} from './validation';

/** Role name the master assumes in member accounts unless `memberRoleName` says otherwise. */
export const DEFAULT_MEMBER_ROLE_NAME = 'member_remediator';

export const DEFAULT_THRESHOLDS = {
  mfaGraceHours: 24,
  passwordInactiveDays: 90,
  accessKeyInactiveDays: 100,
} as const;

const RESOURCE_TYPE_SET: ReadonlySet<string> = new Set(RESOURCE_TYPES);

function uniqueList<T extends z.core.$ZodType<string>>(item: T, what: string) {
  return z.array(item, { error: expected(`a list of ${what}`) }).check(
    z.superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((value, index) => {
        if (seen.has(value)) {
          ctx.addIssue({
            code: 'custom',
            path: [index],
            message: `${JSON.stringify(value)} is listed twice`,
            input: value,
          });
        }
        seen.add(value);
      });
    }),
  );
}

const positiveInt = (what: string) =>
  z
    .int({ error: expected(`a whole number of ${what}`) })
    .check(z.positive({ error: `must be a positive number of ${what}` }));

const RoleNameSchema = z.string({ error: expected('an IAM role name string') }).check(
  z.regex(/^[\w+=,.@-]{1,64}$/, {
    error: 'must be an IAM role name: 1 to 64 letters, digits or any of _+=,.@-',
  }),
);

const ExternalIdSchema = z.string({ error: expected('a string') }).check(
  z.regex(/^[\w+=,.@:/-]{2,1224}$/, {
    error: 'must be 2 to 1224 letters, digits or any of _+=,.@:/- (the STS ExternalId format)',
  }),
);

/**
 * An organizational unit id (ou-ab12-cd34ef56) or an organization's root id (r-ab12), as
 * Organizations writes them.
 */
const OrganizationalUnitIdSchema = z
  .string({
    error: expected('an organizational unit id string, like "ou-ab12-cd34ef56", or a root id, like "r-ab12"'),
  })
  .check(
    z.regex(/^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is neither an organizational unit id, like "ou-ab12-cd34ef56", nor a root id, like "r-ab12" (lower-case letters and digits, as the Organizations console shows them)`,
    }),
  );

const TagKeySchema = z
  .string({ error: expected('a tag key string') })
  .check(
    z.minLength(1, { error: 'must not be empty' }),
    z.maxLength(128, { error: 'must be at most 128 characters (the AWS tag key limit)' }),
  );

const RemediateMapSchema = z.record(z.string(), z.boolean({ error: expected('true or false') })).check(
  z.superRefine((map, ctx) => {
    for (const key of Object.keys(map)) {
      if (!isCheckId(key) && !RESOURCE_TYPE_SET.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          input: key,
          message: `${JSON.stringify(key)} is neither a check id nor a resource type; use a check id (one of ${CHECK_IDS.join(', ')}) or a resource type (one of ${RESOURCE_TYPES.join(', ')})`,
        });
      }
    }
  }),
);

const RemediateSchema = z._default(
  z.union([z.boolean(), RemediateMapSchema], {
    error: 'must be true, false, or a map from check id or resource type to true/false',
  }),
  false,
);

const ExceptionsSchema = strictObject({
  resources: z._default(
    partialMapOf(
      RESOURCE_TYPES,
      z.array(z.string({ error: expected('a resource id string') }), {
        error: expected('a list of resource ids'),
      }),
      'resource type',
    ),
    {},
  ),
  accounts: z._default(
    z.record(AccountIdSchema, z.array(ResourceTypeSchema, { error: expected('a list of resource types') })),
    {},
  ),
  tag: z.optional(
    strictObject({
      key: TagKeySchema,
      value: z.optional(
        z
          .string({ error: expected('a tag value string') })
          .check(z.maxLength(256, { error: 'must be at most 256 characters (the AWS tag value limit)' })),
      ),
    }),
  ),
});

const ThresholdsSchema = strictObject({
  mfaGraceHours: z._default(positiveInt('hours'), DEFAULT_THRESHOLDS.mfaGraceHours),
  passwordInactiveDays: z._default(positiveInt('days'), DEFAULT_THRESHOLDS.passwordInactiveDays),
  accessKeyInactiveDays: z._default(positiveInt('days'), DEFAULT_THRESHOLDS.accessKeyInactiveDays),
});

/** The settings fields, without the rule that accounts must be named. */
const SettingsFieldsSchema = strictObject({
  regions: uniqueList(KnownRegionSchema, 'AWS region codes, like ["us-east-1", "eu-west-1"]').check(
    z.minLength(1, { error: 'must list at least one region to watch, like ["us-east-1"]' }),
  ),
  accounts: z._default(uniqueList(AccountIdSchema, '12-digit account IDs'), []),
  organizationAccounts: z._default(uniqueList(AccountIdSchema, '12-digit management account IDs'), []),
  organizationalUnits: z._default(
    uniqueList(OrganizationalUnitIdSchema, 'organizational unit ids, like ["ou-ab12-cd34ef56"]'),
    [],
  ),
  devAccounts: z._default(uniqueList(AccountIdSchema, '12-digit account IDs'), []),
  requiredTags: z._default(uniqueList(TagKeySchema, 'tag keys'), []),
  remediate: RemediateSchema,
  remediateDisruptive: z._default(z.boolean({ error: expected('true or false') }), false),
  exceptions: z._default(ExceptionsSchema, { resources: {}, accounts: {} }),
  memberRoleName: z._default(RoleNameSchema, DEFAULT_MEMBER_ROLE_NAME),
  externalId: z.optional(ExternalIdSchema),
  guardDutyAdminAccount: z.optional(AccountIdSchema),
  confirmWithAccessAnalyzer: z._default(z.boolean({ error: expected('true or false') }), false),
  allowUndo: z._default(z.boolean({ error: expected('true or false') }), false),
  securityHub: z._default(z.boolean({ error: expected('true or false') }), false),
  notify: z._default(
    z.enum(['changes', 'all'], {
      error:
        'must be "changes" (only what changed is published; needs the findings store) or "all" (every finding, every audit)',
    }),
    'changes',
  ),
  thresholds: z._default(ThresholdsSchema, { ...DEFAULT_THRESHOLDS }),
});

/**
 * The settings schema, shared by the components (validated at `pulumi up`) and the runtime
 * (validated at start). Defaults are applied on parse.
 * @internal
 */
export const RemediationSettingsSchema = SettingsFieldsSchema.check(
  z.superRefine((settings, ctx) => {
    if (settings.accounts.length === 0 && settings.organizationAccounts.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['accounts'],
        input: settings.accounts,
        message:
          'no accounts to watch: list member account IDs in "accounts", or organization management accounts in "organizationAccounts"',
      });
    }
    if (settings.organizationalUnits.length > 0 && settings.organizationAccounts.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['organizationalUnits'],
        input: settings.organizationalUnits,
        message:
          'lists organizational units but "organizationAccounts" is empty: add the management account of their organization to "organizationAccounts", or remove "organizationalUnits"',
      });
    }
  }),
);

/** Settings as a user writes them (optional fields may be left out). */
export interface RemediationSettings {
  /** Regions watched (at least one). */
  regions: string[];
  /** Member accounts (also "known" accounts). */
  accounts?: string[];
  /** Organization management accounts whose ACTIVE member accounts are watched too. */
  organizationAccounts?: string[];
  /**
   * With `organizationAccounts`: watch only the ACTIVE accounts under these organizational units
   * (`ou-...`, their child units included) or roots (`r-...`) instead of every account of the
   * organizations. Default empty: every account.
   */
  organizationalUnits?: string[];
  /** Accounts where nothing may be public (extra checks). */
  devAccounts?: string[];
  /** Tag keys every resource must carry. */
  requiredTags?: string[];
  /** Which fixes to apply: all (`true`), none (`false`, the default), or per check id or resource type. */
  remediate?: boolean | Record<string, boolean>;
  /** Let `remediate: true` also stop, delete and deregister (default false). */
  remediateDisruptive?: boolean;
  /** Resources that are audited and reported but never changed. */
  exceptions?: {
    /** By resource type: ids never remediated. */
    resources?: Partial<Record<ResourceType, string[]>>;
    /** By account: resource types never remediated. */
    accounts?: Record<string, ResourceType[]>;
    /** Resources carrying this tag (with this value, when given) are never remediated. */
    tag?: { key: string; value?: string };
  };
  /** Role the master assumes in member accounts (default "member_remediator"). */
  memberRoleName?: string;
  /** ExternalId sent on every AssumeRole. */
  externalId?: string;
  /** GuardDuty administrator account members must be connected to. */
  guardDutyAdminAccount?: string;
  /** Ask IAM Access Analyzer for a second opinion before a policy fix (default false). */
  confirmWithAccessAnalyzer?: boolean;
  /**
   * Give the member role the actions `aws-remediation undo` writes with, so it can put back what a
   * fix replaced through the member role (default false: undo then needs `--no-assume-role` and
   * credentials of the account).
   */
  allowUndo?: boolean;
  /**
   * Import each audit's findings into AWS Security Hub (ASFF, `BatchImportFindings`) in the resource's
   * own account and region, through the member role (default false). Security Hub must be enabled
   * there.
   */
  securityHub?: boolean;
  /** With the findings store: publish only what changed (`changes`, the default) or every finding (`all`). */
  notify?: 'changes' | 'all';
  thresholds?: {
    /** Hours a new console password may go without MFA (default 24). */
    mfaGraceHours?: number;
    /** Days a console password may go unused (default 90). */
    passwordInactiveDays?: number;
    /** Days an active access key may go unused (default 100). */
    accessKeyInactiveDays?: number;
  };
}

/** Settings after validation, with every default filled in. */
export interface ResolvedSettings {
  regions: string[];
  accounts: string[];
  organizationAccounts: string[];
  organizationalUnits: string[];
  devAccounts: string[];
  requiredTags: string[];
  remediate: boolean | Record<string, boolean>;
  remediateDisruptive: boolean;
  exceptions: {
    resources: Partial<Record<ResourceType, string[]>>;
    accounts: Record<string, ResourceType[]>;
    tag?: { key: string; value?: string };
  };
  memberRoleName: string;
  externalId?: string;
  guardDutyAdminAccount?: string;
  confirmWithAccessAnalyzer: boolean;
  allowUndo: boolean;
  securityHub: boolean;
  notify: 'changes' | 'all';
  thresholds: { mfaGraceHours: number; passwordInactiveDays: number; accessKeyInactiveDays: number };
}

// The declared types are exactly what the schema accepts and returns (the package's declarations
// name no zod type, so programs type-check without zod's own declarations).
sameShape<RemediationSettings, z.input<typeof RemediationSettingsSchema>>(true);
sameShape<ResolvedSettings, z.output<typeof RemediationSettingsSchema>>(true);

/**
 * Validates settings and fills in defaults. Throws {@link SettingsError} with one line per problem,
 * each naming the field (`settings.regions[1]`) and what is allowed.
 */
export function validateSettings(input: unknown): ResolvedSettings {
  const result = RemediationSettingsSchema.safeParse(input);
  if (!result.success) throw new SettingsError(formatIssues('settings', result.error));
  return result.data;
}

/**
 * Validates settings for a local run (the CLI without `--config`): the same fields and defaults, but
 * no account needs to be named; the accounts are those of the messages.
 */
export function validateLocalSettings(input: unknown): ResolvedSettings {
  const result = SettingsFieldsSchema.safeParse(input);
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
