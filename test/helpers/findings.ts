/**
 * Factories for findings and stored findings, and a DynamoDB document client stub that keeps items in
 * memory with DynamoDB's conditional-write semantics (the findings store's version rule).
 */
import type { PublishCommand } from '@aws-sdk/client-sns';
import type { ResourceMessage } from '../../src/runtime/contracts/message';
import { type Finding, findingId } from '../../src/runtime/findings/finding';
import type { StoredFinding } from '../../src/runtime/findings/lifecycle';
import type { DocumentSender } from '../../src/runtime/findings/store';
import { awsError } from './aws';
import { ACCOUNT, REGION } from './resources';

export const QUEUE = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/orders`;
export const queueMessage = (id = QUEUE): ResourceMessage => ({
  account: ACCOUNT,
  region: REGION,
  type: 'sqs',
  id,
  delay: 0,
});

/** An `sqs.public` finding of the queue, seen at `observedAt`, as a dry run unless told otherwise. */
export function finding(overrides: Partial<Finding> = {}): Finding {
  const resource = overrides.resource ?? queueMessage();
  const check = overrides.check ?? 'sqs.public';
  return {
    id: findingId(check, resource),
    check,
    severity: 'high',
    resource,
    message: 'Queue policy statement "Open" allows anyone (Principal "*") to call sqs:*',
    remediation: { action: 'remove public policy statements', status: 'dry_run' },
    observedAt: '2026-11-22T12:00:00.000Z',
    trigger: 'poll',
    ...overrides,
  };
}

/** A publishing SNS client stub: records every Publish input. */
export function recordingSns() {
  const published: PublishCommand['input'][] = [];
  return {
    published,
    send: async (command: PublishCommand) => {
      published.push(command.input);
      return {};
    },
  };
}

type Key = { id: string };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Command = { constructor: { name: string }; input: any };

/** What the stub table answered each write: `ok`, or the conditional check that failed. */
export type PutOutcome = 'ok' | 'ConditionalCheckFailedException';

/**
 * A DynamoDB table behind a document client (`BatchGetCommand`, `PutCommand`, `ScanCommand` of
 * `@aws-sdk/lib-dynamodb`), in memory. PutItem honours the two condition expressions the store sends
 * (`attribute_not_exists(id)`, `version = :version`) as DynamoDB does, and refuses any other; items
 * are copied in and out, as they are over the wire. Hooks let a test interleave other writers.
 */
export class FakeDocumentTable implements DocumentSender {
  readonly items = new Map<string, StoredFinding>();
  readonly commands: { name: string; input: Command['input'] }[] = [];
  readonly puts: PutOutcome[] = [];

  constructor(
    readonly tableName: string,
    private readonly hooks: {
      /** Runs before a BatchGetItem is answered (a test may hold it until another writer read). */
      beforeGet?: () => Promise<void>;
      /** Runs before a PutItem is judged (a test may let another writer write first). */
      beforePut?: (item: StoredFinding) => Promise<void> | void;
      /** Keys left unprocessed by the BatchGetItem call of this number (1 for the first). */
      unprocessed?: (call: number, keys: Key[]) => Key[];
    } = {},
  ) {}

  private gets = 0;

  async send(command: Command): Promise<unknown> {
    const name = command.constructor.name.replace(/Command$/, '');
    this.commands.push({ name, input: structuredClone(command.input) });
    if (name === 'BatchGet') return this.batchGet(command.input);
    if (name === 'Put') return this.put(command.input);
    if (name === 'Scan') return this.scan(command.input);
    throw new Error(`FakeDocumentTable: no ${name}`);
  }

  private async batchGet(input: { RequestItems: Record<string, { Keys: Key[]; ConsistentRead?: boolean }> }) {
    this.gets += 1;
    await this.hooks.beforeGet?.();
    const request = input.RequestItems[this.tableName];
    if (!request) throw awsError('ResourceNotFoundException', 'Requested resource not found');
    if (request.Keys.length > 100) throw awsError('ValidationException', 'Too many items requested');
    const left = this.hooks.unprocessed?.(this.gets, request.Keys) ?? [];
    const answered = request.Keys.filter((k) => !left.some((l) => l.id === k.id));
    return {
      Responses: {
        [this.tableName]: answered.flatMap((k) =>
          this.items.has(k.id) ? [structuredClone(this.items.get(k.id)!)] : [],
        ),
      },
      ...(left.length > 0 ? { UnprocessedKeys: { [this.tableName]: { Keys: left } } } : {}),
    };
  }

  private async put(input: {
    TableName: string;
    Item: StoredFinding;
    ConditionExpression?: string;
    ExpressionAttributeValues?: Record<string, unknown>;
  }) {
    if (input.TableName !== this.tableName)
      throw awsError('ResourceNotFoundException', 'Requested resource not found');
    await this.hooks.beforePut?.(input.Item);
    const current = this.items.get(input.Item.id);
    let holds: boolean;
    if (input.ConditionExpression === 'attribute_not_exists(id)') holds = current === undefined;
    else if (input.ConditionExpression === 'version = :version')
      holds = current !== undefined && current.version === input.ExpressionAttributeValues?.[':version'];
    else throw new Error(`FakeDocumentTable: unexpected condition ${String(input.ConditionExpression)}`);
    if (!holds) {
      this.puts.push('ConditionalCheckFailedException');
      throw awsError('ConditionalCheckFailedException', 'The conditional request failed');
    }
    this.puts.push('ok');
    this.items.set(input.Item.id, structuredClone(input.Item));
    return {};
  }

  /** Equality filters joined by AND (`#status = :status AND #account = :account`), 2 items a page. */
  private scan(input: {
    TableName: string;
    FilterExpression?: string;
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues?: Record<string, unknown>;
    ExclusiveStartKey?: Key;
  }) {
    const conditions = (input.FilterExpression ?? '')
      .split(' AND ')
      .filter((c) => c !== '')
      .map((c) => {
        const [name, value] = c.split(' = ') as [string, string];
        return {
          attribute: input.ExpressionAttributeNames![name]!,
          value: input.ExpressionAttributeValues![value],
        };
      });
    const all = [...this.items.values()];
    const start = input.ExclusiveStartKey
      ? all.findIndex((i) => i.id === input.ExclusiveStartKey!.id) + 1
      : 0;
    const page = all.slice(start, start + 2);
    const last = page.at(-1);
    return {
      Items: page
        .filter((item) =>
          conditions.every((c) => (item as unknown as Record<string, unknown>)[c.attribute] === c.value),
        )
        .map((item) => structuredClone(item)),
      ...(start + 2 < all.length && last ? { LastEvaluatedKey: { id: last.id } } : {}),
    };
  }
}

/** A promise and its resolver: a gate a test opens when it chooses. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
