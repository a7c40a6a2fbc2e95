import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigurationError } from '../runtime/errors';
import type { CommandIO } from './io';

/** The package's root (this file is dist/cli/preview.js, or src/cli/preview.ts under tsx). */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..');

/** The example programs `preview` evaluates by default. */
export const DEFAULT_PROGRAMS = [
  'examples/master',
  'examples/member',
  'examples/misconfiguration-maker',
  '.',
];

/** Regions the stand-in master stack of a member program has buses in. */
const PREVIEW_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
];

/** A resource the program registered, as the mock runtime saw it. */
interface PlannedResource {
  readonly type: string;
  readonly name: string;
  readonly parent?: string;
  readonly inputs: Record<string, unknown>;
}

/** Inputs that hold IAM policy or trust documents, by resource type. */
const POLICY_INPUTS: Record<string, string> = {
  'aws:iam/role:Role': 'assumeRolePolicy',
  'aws:iam/rolePolicy:RolePolicy': 'policy',
  'aws:cloudwatch/eventBusPolicy:EventBusPolicy': 'policy',
  'aws:sqs/queuePolicy:QueuePolicy': 'policy',
  'aws:s3/bucketPolicy:BucketPolicy': 'policy',
  'aws:kms/key:Key': 'policy',
};

/**
 * `aws-remediation preview [programs...]`: evaluates each example Pulumi program under Pulumi's mock
 * runtime, offline, with its `Pulumi.example.yaml` configuration, and prints the plan: every resource
 * with its type, name and parent, the IAM policy and trust documents, and the event patterns. Each
 * program runs in a child process, so their Pulumi runtimes do not mix.
 */
export async function runPreview(
  io: CommandIO,
  programs: readonly string[],
  options: { json?: boolean } = {},
): Promise<number> {
  let failed = 0;
  for (const program of programs.length > 0 ? programs : DEFAULT_PROGRAMS) {
    const dir = resolve(PACKAGE_ROOT, program);
    const result = await new Promise<{ code: number | null; out: string; err: string }>((done) => {
      const child = spawn(
        process.execPath,
        [process.argv[1] ?? join(PACKAGE_ROOT, 'dist', 'cli', 'index.js'), 'preview-one', dir],
        {
          env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('close', (code) => done({ code, out, err }));
    });
    if (result.code !== 0) {
      failed += 1;
      // The first lines say what went wrong; the rest is the runtime's dump of the resource.
      io.stderr.write(`preview: ${program} failed:\n${result.err.split('\n').slice(0, 8).join('\n')}\n`);
      continue;
    }
    const plan = JSON.parse(result.out) as { project: string; resources: PlannedResource[] };
    io.stdout.write(
      options.json
        ? `${JSON.stringify({ program, ...plan })}\n`
        : renderPlan(program, plan.project, plan.resources),
    );
  }
  return failed > 0 ? 1 : 0;
}

/** The plan as text: a tree of resources, then the policy documents and event patterns. */
export function renderPlan(program: string, project: string, resources: readonly PlannedResource[]): string {
  const lines = [`== ${program} (project ${project}): ${resources.length} resources`, ''];
  const children = new Map<string, PlannedResource[]>();
  for (const r of resources) children.set(r.parent ?? '', [...(children.get(r.parent ?? '') ?? []), r]);
  const walk = (parent: string, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      lines.push(`${'  '.repeat(depth)}${r.type}  ${r.name}`);
      walk(`${r.type}::${r.name}`, depth + 1);
    }
  };
  walk('', 0);
  lines.push('', 'IAM policy and trust documents:');
  for (const r of resources) {
    const field = POLICY_INPUTS[r.type];
    const text = field ? r.inputs[field] : undefined;
    if (typeof text !== 'string') continue;
    lines.push(`-- ${r.name} (${r.type}, ${field})`, indent(JSON.stringify(JSON.parse(text), null, 2)));
  }
  const patterns = new Map<string, string[]>();
  for (const r of resources) {
    const pattern = r.type === 'aws:cloudwatch/eventRule:EventRule' ? r.inputs.eventPattern : undefined;
    if (typeof pattern === 'string') patterns.set(pattern, [...(patterns.get(pattern) ?? []), r.name]);
  }
  if (patterns.size > 0) lines.push('', 'Event patterns:');
  for (const [pattern, rules] of patterns) {
    lines.push(`-- used by ${rules.join(', ')}`, indent(JSON.stringify(JSON.parse(pattern), null, 2)));
  }
  return `${lines.join('\n')}\n\n`;
}

const indent = (text: string) =>
  text
    .split('\n')
    .map((l) => `   ${l}`)
    .join('\n');

/** The stack configuration of an example: `Pulumi.example.yaml` beside its `Pulumi.yaml`. */
function exampleConfig(dir: string): { project: string; config: Record<string, string> } {
  const projectFile = join(dir, 'Pulumi.yaml');
  if (!existsSync(projectFile))
    throw new ConfigurationError(`${dir} is not a Pulumi program: it has no Pulumi.yaml`);
  const project = parseYaml(readFileSync(projectFile, 'utf8')) as { name: string; main?: string };
  const stackFile = join(dir, 'Pulumi.example.yaml');
  const values = existsSync(stackFile)
    ? ((parseYaml(readFileSync(stackFile, 'utf8')) as { config?: Record<string, unknown> }).config ?? {})
    : {};
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    config[key.includes(':') ? key : `${project.name}:${key}`] =
      typeof value === 'string' ? value : JSON.stringify(value);
  }
  return { project: project.name, config };
}

/**
 * Evaluates one program under the mock runtime and writes its plan as JSON to stdout (the child side
 * of {@link runPreview}).
 */
export async function previewOne(io: CommandIO, dir: string): Promise<number> {
  const { project, config } = exampleConfig(dir);
  const projectFile = parseYaml(readFileSync(join(dir, 'Pulumi.yaml'), 'utf8')) as { main?: string };
  const main = resolve(dir, projectFile.main ?? '.', 'index.ts');
  // The programs are TypeScript: load them with tsx, a development dependency of this repository.
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('tsx/cjs/api') as { register: () => void }).register();
  } catch {
    throw new ConfigurationError(
      'preview runs the example programs from a checkout of the repository: run `npm ci` there first',
    );
  }
  // The examples import the package by name, as a user's program does: point that name at this package.
  const moduleWithResolver = Module as unknown as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
  };
  const resolveFilename = moduleWithResolver._resolveFilename;
  moduleWithResolver._resolveFilename = (request: string, ...rest: unknown[]) =>
    resolveFilename(request === 'pulumi-aws-remediation' ? PACKAGE_ROOT : request, ...rest);

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pulumi = require('@pulumi/pulumi') as typeof import('@pulumi/pulumi');
  const resources: PlannedResource[] = [];
  process.env.PULUMI_CONFIG = JSON.stringify(config);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const inputs = args.inputs as Record<string, unknown>;
        const name = typeof inputs.name === 'string' ? inputs.name : `${args.name}-abc123`;
        const region = typeof inputs.region === 'string' ? inputs.region : 'eu-west-1';
        const account = '123456789012';
        resources.push({ type: args.type, name: args.name, inputs });
        const state: Record<string, unknown> = {
          ...inputs,
          name,
          arn: `arn:aws:${args.type.split(':')[1]?.split('/')[0]}:${region}:${account}:${name}`,
        };
        if (args.type === 'aws:iam/role:Role') state.arn = `arn:aws:iam::${account}:role/${name}`;
        if (args.type === 'aws:sqs/queue:Queue')
          state.url = `https://sqs.${region}.amazonaws.com/${account}/${name}`;
        if (args.type === 'pulumi:pulumi:StackReference') {
          state.outputs = {
            memberTrustRoleArns: ['remediator', 'poll-worker', 'poll-planner'].map(
              (fn) => `arn:aws:iam::${account}:role/remediation-${fn}-abc123`,
            ),
            eventBusArns: Object.fromEntries(
              PREVIEW_REGIONS.map((r) => [
                r,
                `arn:aws:events:${r}:${account}:event-bus/remediation-bus-${r}`,
              ]),
            ),
          };
        }
        return { id: `${name}-id`, state };
      },
      call(args) {
        if (args.token === 'aws:index/getPartition:getPartition')
          return { partition: 'aws', dnsSuffix: 'amazonaws.com' };
        if (args.token === 'aws:index/getCallerIdentity:getCallerIdentity')
          return { accountId: '123456789012', arn: 'arn:aws:iam::123456789012:user/preview', userId: 'AIDA' };
        return {};
      },
    },
    project,
    'example',
    false,
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(main);
  // The program registers its resources asynchronously: wait until no new one comes.
  let seen = -1;
  while (seen !== resources.length) {
    seen = resources.length;
    await new Promise((r) => setTimeout(r, 300));
  }
  const components = resources.filter(
    (r) => !r.type.startsWith('aws:') && r.type !== 'pulumi:pulumi:StackReference',
  );
  const withParents = resources.map((r) => {
    // Children are named after their component: the longest component name that prefixes this one.
    const parent = components
      .filter((c) => c !== r && r.name.startsWith(`${c.name}-`))
      .sort((a, b) => b.name.length - a.name.length)[0];
    return parent ? { ...r, parent: `${parent.type}::${parent.name}` } : r;
  });
  io.stdout.write(JSON.stringify({ project, resources: withParents }));
  return 0;
}
