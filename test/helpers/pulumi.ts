/**
 * Pulumi's mock runtime for component tests: every resource the components register is recorded
 * (type, name, inputs, URN) and answered with outputs shaped like AWS's (ARNs, queue URLs, names).
 */
import * as pulumi from '@pulumi/pulumi';
import { specialSecretSig, specialSigKey } from '@pulumi/pulumi/runtime/rpc';

export const MASTER_ACCOUNT = '000000000000';

export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly inputs: any;
}

export const recorded: RecordedResource[] = [];

/** An alias a resource was registered with: its former name, under the parent it names. */
export interface RecordedAlias {
  readonly name: string;
  readonly parent: string;
}

/** The options of a registration the mocks' `newResource` is not shown: the parent and the aliases. */
export interface RecordedOptions {
  readonly parent: string;
  readonly aliases: readonly RecordedAlias[];
}

const registrations = new Map<string, RecordedOptions>();

/** The fields of the engine's RegisterResourceRequest read here. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getAliasesList(): { getSpec(): { getName(): string; getParenturn(): string } | undefined }[];
}

/**
 * The parent URN and aliases a resource was registered with, as the engine receives them (the SDK
 * fills in an alias's parent with the resource's own).
 */
export function optionsOf(type: string, name: string): RecordedOptions | undefined {
  return registrations.get(`${type}::${name}`);
}

/** The ARN service of a resource type (`aws:cloudwatch/eventBus:EventBus` -> `events`). */
function service(type: string): string {
  if (/^aws:cloudwatch\/event/.test(type)) return 'events';
  if (type.startsWith('aws:cloudwatch/logGroup')) return 'logs';
  return type.split(':')[1]?.split('/')[0] ?? 'unknown';
}

/** Installs the mocks; call before importing a component module. */
export async function installMocks(): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs) {
        const inputs = args.inputs as Record<string, unknown>;
        recorded.push({ type: args.type, name: args.name, inputs });
        const name = typeof inputs.name === 'string' ? inputs.name : `${args.name}-1a2b3c`;
        const region = typeof inputs.region === 'string' ? inputs.region : 'eu-west-1';
        const state: Record<string, unknown> = {
          ...inputs,
          name,
          arn:
            service(args.type) === 'iam'
              ? `arn:aws:iam::${MASTER_ACCOUNT}:role/${name}`
              : `arn:aws:${service(args.type)}:${region}:${MASTER_ACCOUNT}:${name}`,
        };
        if (args.type === 'aws:sqs/queue:Queue')
          state.url = `https://sqs.${region}.amazonaws.com/${MASTER_ACCOUNT}/${name}`;
        if (args.type === 'aws:cloudwatch/eventBus:EventBus')
          state.arn = `arn:aws:events:${region}:${MASTER_ACCOUNT}:event-bus/${name}`;
        return { id: `${name}-id`, state };
      },
      call(args: pulumi.runtime.MockCallArgs) {
        if (args.token === 'aws:index/getPartition:getPartition')
          return { partition: 'aws', dnsSuffix: 'amazonaws.com', id: 'aws' };
        if (args.token === 'aws:index/getCallerIdentity:getCallerIdentity') {
          return {
            accountId: MASTER_ACCOUNT,
            arn: `arn:aws:iam::${MASTER_ACCOUNT}:user/test`,
            userId: 'AIDA',
            id: MASTER_ACCOUNT,
          };
        }
        return {};
      },
    },
    'aws-remediation-test',
    'test',
    false,
  );
  // The mocks see a resource's inputs only: record the rest of its registration on the way.
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(request: RegisterRequest, callback: unknown): unknown;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    registrations.set(`${request.getType()}::${request.getName()}`, {
      parent: request.getParent(),
      aliases: request.getAliasesList().flatMap((alias) => {
        const spec = alias.getSpec();
        return spec ? [{ name: spec.getName(), parent: spec.getParenturn() }] : [];
      }),
    });
    return register(request, callback);
  };
}

/** The value of an output, once known. */
export function valueOf<T>(output: pulumi.Input<T> | pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(output).apply((v) => resolve(v as T)));
}

/** Waits until every resource registered so far has been recorded. */
export async function settled(resources: pulumi.Resource[]): Promise<void> {
  await Promise.all(resources.map((r) => valueOf(r.urn)));
  await new Promise((resolve) => setTimeout(resolve, 50));
}

/** The recorded resources whose name starts with `prefix`, by type. */
export function resourcesOf(prefix: string, type?: string): RecordedResource[] {
  return recorded.filter((r) => r.name.startsWith(prefix) && (type === undefined || r.type === type));
}

/** Parses a JSON policy input (recorded as a string). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function json(value: unknown): any {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** Whether a recorded input arrived as a secret: the mock runtime hands it over in Pulumi's wrapper. */
export function isSecretInput(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>)[specialSigKey] === specialSecretSig
  );
}

/** A recorded input without its secret wrapper (the input itself when it is not a secret). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function unsecret(value: unknown): any {
  return isSecretInput(value) ? (value as { value: unknown }).value : value;
}

/** The text of `settings.json` in a function's recorded `code` input (an archive, secret or not). */
export async function settingsJsonOf(code: unknown): Promise<string> {
  const archive = (await unsecret(code)) as { assets: Promise<Record<string, { text?: Promise<string> }>> };
  const text = await (await archive.assets)['settings.json']?.text;
  if (text === undefined) throw new Error('the code has no settings.json');
  return text;
}
