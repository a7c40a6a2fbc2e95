/**
 * Run in a child process by test/helpers/examples.ts (`node --import tsx example-child.ts DIR
 * [CONFIG]`): evaluates one example Pulumi program under the mock runtime, with its
 * Pulumi.example.yaml (or CONFIG), and prints what it registered as JSON: each resource with its
 * inputs (secrets unwrapped, their input names listed), each function's settings.json, and the
 * warnings the program logged.
 */
import * as pulumi from '@pulumi/pulumi';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { isSecretInput, settingsJsonOf, unsecret } from './pulumi';

const ACCOUNT = '123456789012';
const MASTER_REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1'];

async function main(): Promise<void> {
  const [dir = '.', configFile] = process.argv.slice(2);
  const project = parse(readFileSync(join(dir, 'Pulumi.yaml'), 'utf8')) as { name: string; main?: string };
  const stack = parse(readFileSync(configFile ?? join(dir, 'Pulumi.example.yaml'), 'utf8')) as {
    config?: Record<string, unknown>;
  };
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(stack.config ?? {})) {
    config[key.includes(':') ? key : `${project.name}:${key}`] =
      typeof value === 'string' ? value : JSON.stringify(value);
  }
  process.env.PULUMI_CONFIG = JSON.stringify(config);

  const warnings: string[] = [];
  Object.assign(pulumi.log, {
    warn: (message: string) => {
      warnings.push(message);
      return Promise.resolve();
    },
  });
  const registered: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const inputs = args.inputs as Record<string, unknown>;
        registered.push({ type: args.type, name: args.name, inputs });
        const name = typeof inputs.name === 'string' ? inputs.name : `${args.name}-abc123`;
        const region = typeof inputs.region === 'string' ? inputs.region : 'eu-west-1';
        const state: Record<string, unknown> = {
          ...inputs,
          name,
          arn: `arn:aws:${args.type.split(':')[1]?.split('/')[0]}:${region}:${ACCOUNT}:${name}`,
        };
        if (args.type === 'aws:iam/role:Role') state.arn = `arn:aws:iam::${ACCOUNT}:role/${name}`;
        if (args.type === 'aws:sqs/queue:Queue')
          state.url = `https://sqs.${region}.amazonaws.com/${ACCOUNT}/${name}`;
        if (args.type === 'pulumi:pulumi:StackReference') {
          state.outputs = {
            memberTrustRoleArns: ['remediator', 'poll-worker', 'poll-planner'].map(
              (fn) => `arn:aws:iam::${ACCOUNT}:role/remediation-${fn}-abc123`,
            ),
            eventBusArns: Object.fromEntries(
              MASTER_REGIONS.map((r) => [r, `arn:aws:events:${r}:${ACCOUNT}:event-bus/remediation-bus-${r}`]),
            ),
          };
        }
        return { id: `${name}-id`, state };
      },
      call(args) {
        if (args.token === 'aws:index/getPartition:getPartition') return { partition: 'aws' };
        if (args.token === 'aws:index/getCallerIdentity:getCallerIdentity') return { accountId: ACCOUNT };
        return {};
      },
    },
    project.name,
    'example',
    false,
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(resolve(dir, project.main ?? '.', 'index.ts'));
  // The program registers its resources asynchronously: wait until no new one comes.
  let seen = -1;
  while (seen !== registered.length) {
    seen = registered.length;
    await new Promise((r) => setTimeout(r, 300));
  }
  const resources = await Promise.all(
    registered.map(async (r) => ({
      type: r.type,
      name: r.name,
      secretInputs: Object.keys(r.inputs).filter((k) => isSecretInput(r.inputs[k])),
      inputs: Object.fromEntries(
        Object.entries(r.inputs)
          .filter(([k]) => k !== 'code')
          .map(([k, v]) => [k, unsecret(v)]),
      ),
      ...(r.type === 'aws:lambda/function:Function'
        ? { settingsJson: await settingsJsonOf(r.inputs.code) }
        : {}),
    })),
  );
  process.stdout.write(JSON.stringify({ project: project.name, resources, warnings }));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
