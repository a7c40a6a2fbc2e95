import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The repository root, where the example programs' paths start. */
export const REPOSITORY = resolve(__dirname, '..', '..');

/** A resource an example program registered under the mock runtime. */
export interface ExampleResource {
  readonly type: string;
  readonly name: string;
  /** The inputs, secrets unwrapped (their names are in `secretInputs`); `code` is left out. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly inputs: Record<string, any>;
  /** The inputs that arrived as Pulumi secrets. */
  readonly secretInputs: readonly string[];
  /** A function's settings.json, as packaged beside its handler. */
  readonly settingsJson?: string;
}

export interface ExamplePlan {
  readonly project: string;
  readonly resources: readonly ExampleResource[];
  /** What the program logged with `pulumi.log.warn`. */
  readonly warnings: readonly string[];
}

/**
 * Evaluates an example program (`examples/master`, `.`) in a child process under the mock runtime,
 * with its Pulumi.example.yaml or `configFile`, so its Pulumi runtime does not mix with the tests'.
 */
export function evaluateExample(dir: string, configFile?: string): Promise<ExamplePlan> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        resolve(__dirname, 'example-child.ts'),
        resolve(REPOSITORY, dir),
        ...(configFile ? [configFile] : []),
      ],
      {
        cwd: REPOSITORY,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => {
      if (code !== 0) fail(new Error(`${dir} could not be evaluated (exit ${code}):\n${err}`));
      else done(JSON.parse(out) as ExamplePlan);
    });
  });
}
