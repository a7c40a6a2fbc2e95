import * as z from 'zod/mini';
import { MessageError } from '../errors';
import { parseJsonOr } from '../json';
import { MANIFESTS, type ResourceTypeName } from '../types';
import { AccountIdSchema, RegionSchema, expected, formatIssues, sameShape } from './validation';

/**
 * Resource types, with the names of the original framework's messages (wire-compatible), one per type
 * manifest (`src/runtime/types/<type>`). `region` stands for the account-and-region-level checks and
 * has the id "".
 */
export const RESOURCE_TYPES = MANIFESTS.map((m) => m.type) as unknown as readonly [
  ResourceTypeName,
  ...ResourceTypeName[],
];

export type ResourceType = ResourceTypeName;

/** Types whose resources are global to an account: listed once per account, not per region. */
export const GLOBAL_RESOURCE_TYPES: readonly ResourceType[] = MANIFESTS.filter((m) => m.global === true).map(
  (m) => m.type,
);

/** What made a resource be audited: the scheduled sweep, a CloudTrail event, or the CLI. */
export const TRIGGERS = ['poll', 'event', 'cli'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/**
 * The queue message attribute that says what sent a resource message (`poll` or `event`); outside
 * the body, so the body stays wire-compatible. A message without it counts as `poll`.
 */
export const TRIGGER_ATTRIBUTE = 'trigger';

/** The trigger an SQS record's attributes name (`poll` when absent or unknown). */
export function triggerOf(attributes: Record<string, { stringValue?: string }> | undefined): Trigger {
  const value = attributes?.[TRIGGER_ATTRIBUTE]?.stringValue;
  return (TRIGGERS as readonly string[]).includes(value ?? '') ? (value as Trigger) : 'poll';
}

/** The longest delivery delay SQS accepts, in seconds. */
export const MAX_DELAY_SECONDS = 900;

/** @internal */
export const ResourceTypeSchema = z.enum(RESOURCE_TYPES, {
  error: (issue) =>
    issue.input === undefined
      ? `is required: a resource type, one of ${RESOURCE_TYPES.join(', ')}`
      : `${JSON.stringify(issue.input)} is not a resource type; use one of ${RESOURCE_TYPES.join(', ')}`,
});

/**
 * The resource message: the body of a resource-queue message and a line of the CLI.
 * Unknown fields are dropped, so messages from newer or older producers still parse.
 * @internal
 */
export const ResourceMessageSchema = z
  .object({
    account: AccountIdSchema,
    region: RegionSchema,
    type: ResourceTypeSchema,
    id: z
      .string({ error: expected('a string: the resource id ("" for type "region")') })
      .check(z.maxLength(2048, { error: 'must be at most 2048 characters' })),
    delay: z._default(
      z.int({ error: expected(`a whole number of seconds from 0 to ${MAX_DELAY_SECONDS}`) }).check(
        z.gte(0, { error: `must be from 0 to ${MAX_DELAY_SECONDS} seconds` }),
        z.lte(MAX_DELAY_SECONDS, {
          error: `must be from 0 to ${MAX_DELAY_SECONDS} seconds (the SQS maximum)`,
        }),
      ),
      0,
    ),
  })
  .check(
    z.superRefine((message, ctx) => {
      if (message.type === 'region' && message.id !== '') {
        ctx.addIssue({
          code: 'custom',
          path: ['id'],
          message: 'must be "" for type "region"',
          input: message.id,
        });
      }
      if (message.type !== 'region' && message.id.trim() === '') {
        ctx.addIssue({
          code: 'custom',
          path: ['id'],
          message: `must name the ${message.type} resource`,
          input: message.id,
        });
      }
    }),
  );

/** A validated resource message. */
export interface ResourceMessage {
  /** 12-digit account that owns the resource. */
  account: string;
  /** Region of the resource; global resources carry the region of the call or of the sweep. */
  region: string;
  type: ResourceType;
  /** The resource id ("" for type `region`). */
  id: string;
  /** Seconds to wait before auditing, 0 to 900. */
  delay: number;
}

/** A resource message as producers may write it (`delay` optional). */
export interface ResourceMessageInput extends Omit<ResourceMessage, 'delay'> {
  delay?: number;
}

// The declared types are exactly what the schema accepts and returns (the package's declarations
// name no zod type, so programs type-check without zod's own declarations).
sameShape<ResourceMessage, z.output<typeof ResourceMessageSchema>>(true);
sameShape<ResourceMessageInput, z.input<typeof ResourceMessageSchema>>(true);

/** Validates a parsed value as a resource message; throws {@link MessageError} naming each bad field. */
export function parseResourceMessage(value: unknown): ResourceMessage {
  const result = ResourceMessageSchema.safeParse(value);
  if (!result.success) throw new MessageError(formatIssues('message', result.error));
  return result.data;
}

/** Parses and validates a JSON message body (an SQS body or a CLI line). */
export function parseResourceMessageJson(body: string): ResourceMessage {
  return parseResourceMessage(parseJsonOr(body, (problem) => new MessageError([problem])));
}

/** Serializes a message with a stable field order: account, region, type, id, delay. */
export function serializeResourceMessage(message: ResourceMessage): string {
  const { account, region, type, id, delay } = message;
  return JSON.stringify({ account, region, type, id, delay });
}

/**
 * The resource a message is about, as a stable key: account, region, type and id, with `*` for the
 * region of global types (a bucket or role reached from any region is the same resource).
 */
export function messageKey(message: ResourceMessage): string {
  const region = GLOBAL_RESOURCE_TYPES.includes(message.type) ? '*' : message.region;
  return `${message.account}/${region}/${message.type}/${message.id}`;
}
