/**
 * The findings store: a DynamoDB table (partition key `id`) of every finding's status, first and last
 * sighting, last remediation and history of fixes (the undo log). The remediator writes it through
 * its own role, in the security account. Every write insists on the version it read, so two audits of
 * one resource in two containers never lose an update: the loser reads again and moves on from there.
 */

import { clientConfig } from '../aws/client-config';
import type { CheckId } from '../contracts/checks';
import type { ResourceMessage } from '../contracts/message';
import { RemediationError } from '../errors';
import { type Lazy, once, resolveLazy } from '../lazy';
import { type Finding, findingId } from './finding';
import {
  type Change,
  type FindingStatus,
  type StoredFinding,
  type TransitionOptions,
  passed,
  seen,
} from './lifecycle';

/** Where stored findings are read and written. */
export interface FindingStore {
  /** The stored findings of these ids (those that exist). */
  get(ids: readonly string[]): Promise<Map<string, StoredFinding>>;
  /**
   * Writes a finding if the stored one still has `expectedVersion` (undefined: none is stored).
   * Resolves false, writing nothing, when another writer got there first.
   */
  put(item: StoredFinding, expectedVersion: number | undefined): Promise<boolean>;
  /** Every stored finding that matches (for the CLI). */
  list(filter?: FindingFilter): AsyncIterable<StoredFinding>;
}

export interface FindingFilter {
  readonly status?: FindingStatus;
  readonly account?: string;
  readonly check?: string;
}

/** A finding with what changed about it, for a notification. */
export interface ChangedFinding {
  readonly change: Change;
  readonly finding: Finding;
}

/** What one audit changed in the store. */
export interface StoreUpdate {
  readonly changes: readonly ChangedFinding[];
  /** Stored findings written (changes and sightings). */
  readonly written: number;
}

/** Writers kept racing for one finding longer than the retries: the record fails and is retried. */
export class StoreConflictError extends RemediationError {
  constructor(id: string) {
    super(`finding ${id} kept changing under other writers; the record will be audited again`);
    this.name = 'StoreConflictError';
  }
}

const MAX_TRIES = 5;

/**
 * Moves the stored findings of one audited resource on: each finding seen is opened, kept, fixed or
 * excepted; each check of the type that passed (or every check, when the resource is gone) resolves
 * its stored finding. Returns what changed. `checks` are the type's checks, `passedChecks` those the
 * audit judged passing.
 */
export async function recordAudit(
  store: FindingStore,
  audit: {
    readonly resource: ResourceMessage;
    readonly findings: readonly Finding[];
    readonly passedChecks: readonly CheckId[];
  },
  options: TransitionOptions,
): Promise<StoreUpdate> {
  const byId = new Map<string, { finding?: Finding }>();
  for (const finding of audit.findings) byId.set(finding.id, { finding });
  for (const check of audit.passedChecks) {
    const id = findingId(check, audit.resource);
    if (!byId.has(id)) byId.set(id, {});
  }
  const changes: ChangedFinding[] = [];
  let written = 0;
  let pending = [...byId.keys()];
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    if (attempt > MAX_TRIES) throw new StoreConflictError(pending[0]!);
    const stored = await store.get(pending);
    const lost: string[] = [];
    await Promise.all(
      pending.map(async (id) => {
        const existing = stored.get(id);
        const { finding } = byId.get(id)!;
        const transition = finding ? seen(existing, finding, options) : passed(existing, options);
        if (!transition.next) return;
        if (!(await store.put(transition.next, existing?.version))) {
          lost.push(id);
          return;
        }
        written += 1;
        if (transition.change) {
          changes.push({
            change: transition.change,
            finding: { ...transition.next.finding, change: transition.change },
          });
        }
      }),
    );
    pending = lost;
  }
  return { changes, written };
}

/** A store in memory, with the same version rule (tests, and runs without a table). */
export class MemoryFindingStore implements FindingStore {
  readonly items = new Map<string, StoredFinding>();

  async get(ids: readonly string[]): Promise<Map<string, StoredFinding>> {
    return new Map(ids.flatMap((id) => (this.items.has(id) ? [[id, this.items.get(id)!]] : [])));
  }

  async put(item: StoredFinding, expectedVersion: number | undefined): Promise<boolean> {
    if (this.items.get(item.id)?.version !== expectedVersion) return false;
    this.items.set(item.id, item);
    return true;
  }

  async *list(filter: FindingFilter = {}): AsyncIterable<StoredFinding> {
    for (const item of this.items.values()) if (matches(item, filter)) yield item;
  }
}

export function matches(item: StoredFinding, filter: FindingFilter): boolean {
  return (
    (filter.status === undefined || item.status === filter.status) &&
    (filter.account === undefined || item.account === filter.account) &&
    (filter.check === undefined || item.check === filter.check)
  );
}

/** The part of the DynamoDB document client the store uses. */
export interface DocumentSender {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  send(command: any): Promise<any>;
}

/**
 * The DynamoDB document client of a store, made on first use (the SDK loads then): the package's
 * client configuration (adaptive retries, `AWS_ENDPOINT_URL_DYNAMODB`), and an undefined field of a
 * finding left out of the item rather than refused.
 */
export function dynamoDocumentClient(env: NodeJS.ProcessEnv = process.env): () => Promise<DocumentSender> {
  return once(async () => {
    const [{ DynamoDBClient }, { DynamoDBDocumentClient }] = await Promise.all([
      import('@aws-sdk/client-dynamodb'),
      import('@aws-sdk/lib-dynamodb'),
    ]);
    return DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig('DynamoDB', env)), {
      marshallOptions: { removeUndefinedValues: true },
    });
  });
}

/** The findings store in a DynamoDB table (partition key `id`, TTL attribute `expiresAt`). */
export class DynamoFindingStore implements FindingStore {
  constructor(
    private readonly client: Lazy<DocumentSender>,
    readonly tableName: string,
  ) {}

  async get(ids: readonly string[]): Promise<Map<string, StoredFinding>> {
    const { BatchGetCommand } = await import('@aws-sdk/lib-dynamodb');
    const client = await resolveLazy(this.client);
    const found = new Map<string, StoredFinding>();
    // BatchGetItem takes at most 100 keys, and may leave some for a second call.
    for (let i = 0; i < ids.length; i += 100) {
      let keys: Record<string, unknown>[] = ids.slice(i, i + 100).map((id) => ({ id }));
      for (let round = 0; keys.length > 0 && round < 10; round += 1) {
        const output = await client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
        );
        for (const item of (output.Responses?.[this.tableName] ?? []) as StoredFinding[])
          found.set(item.id, item);
        keys = (output.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
      }
      if (keys.length > 0)
        throw new RemediationError(`DynamoDB left ${keys.length} findings unread in ${this.tableName}`);
    }
    return found;
  }

  async put(item: StoredFinding, expectedVersion: number | undefined): Promise<boolean> {
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const client = await resolveLazy(this.client);
    try {
      await client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_not_exists(id)' }
            : {
                ConditionExpression: 'version = :version',
                ExpressionAttributeValues: { ':version': expectedVersion },
              }),
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error)?.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async *list(filter: FindingFilter = {}): AsyncIterable<StoredFinding> {
    const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
    const client = await resolveLazy(this.client);
    const conditions: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(filter)) {
      if (value === undefined) continue;
      conditions.push(`#${key} = :${key}`);
      names[`#${key}`] = key;
      values[`:${key}`] = value;
    }
    const input = {
      TableName: this.tableName,
      ...(conditions.length > 0
        ? {
            FilterExpression: conditions.join(' AND '),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }
        : {}),
    };
    // Paged by hand: the SDK's paginator insists on a DynamoDBDocumentClient, the store needs only `send`.
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }),
      );
      for (const item of (page.Items ?? []) as StoredFinding[]) yield item;
      start = page.LastEvaluatedKey as Record<string, unknown> | undefined;
    } while (start);
  }
}
