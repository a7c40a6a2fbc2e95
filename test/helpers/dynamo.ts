/**
 * A findings table in memory behind a stub of the DynamoDB document client's `send`: answers the
 * BatchGet and Put commands the findings store sends (with DynamoDB's condition check on Put), and
 * records each command with the DynamoDB operation it stands for (the IAM action's name).
 */

/** One command the stub received. */
export interface SentCommand {
  /** The document client's command (`BatchGetCommand`, `PutCommand`). */
  readonly command: string;
  /** The DynamoDB operation it sends (`BatchGetItem`, `PutItem`): the IAM action is `dynamodb:<operation>`. */
  readonly operation: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly input: any;
}

/** A command of @aws-sdk/lib-dynamodb: its input, and the client command it wraps. */
interface DocumentCommand {
  readonly constructor: { readonly name: string };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly input: any;
  readonly clientCommand?: { readonly constructor: { readonly name: string } };
}

function conditionFailed(): Error {
  const error = new Error('The conditional request failed');
  error.name = 'ConditionalCheckFailedException';
  return error;
}

export function fakeFindingsTable(tableName: string) {
  const items = new Map<string, Record<string, unknown>>();
  const sent: SentCommand[] = [];
  const send = async (command: DocumentCommand): Promise<unknown> => {
    const name = command.constructor.name;
    const operation = (command.clientCommand?.constructor.name ?? name).replace(/Command$/, '');
    sent.push({ command: name, operation, input: command.input });
    if (name === 'BatchGetCommand') {
      const request = command.input.RequestItems[tableName];
      if (!request) throw new Error(`BatchGet of another table: ${Object.keys(command.input.RequestItems)}`);
      const keys = request.Keys as { id: string }[];
      return {
        Responses: { [tableName]: keys.flatMap(({ id }) => (items.has(id) ? [items.get(id)!] : [])) },
        UnprocessedKeys: {},
      };
    }
    if (name === 'PutCommand') {
      if (command.input.TableName !== tableName)
        throw new Error(`Put to another table: ${command.input.TableName}`);
      const item = command.input.Item as { id: string; version: number };
      const existing = items.get(item.id);
      const condition = command.input.ConditionExpression as string | undefined;
      if (condition === 'attribute_not_exists(id)' && existing) throw conditionFailed();
      if (
        condition === 'version = :version' &&
        existing?.version !== command.input.ExpressionAttributeValues[':version']
      ) {
        throw conditionFailed();
      }
      items.set(item.id, item);
      return {};
    }
    throw new Error(`the fake findings table does not answer ${name}`);
  };
  return { send, items, sent };
}
