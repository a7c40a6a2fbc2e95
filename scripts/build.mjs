// Builds the package: the library and CLI with tsc (CommonJS, with declarations), then one esbuild
// bundle per Lambda function under dist/lambda/<function>/index.js.
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);
const { LAMBDA_FUNCTIONS } = require('./lambda-functions.json');

rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
chmodSync('dist/cli/index.js', 0o755);

/**
 * The parts of the type manifests (src/runtime/types/<type>/manifest.ts) each function never loads:
 * the translator and the planner need only the declarations, the remediator the auditors, the poll
 * worker the listers; only the CLI undoes fixes. Left out of a bundle, a part becomes a module that fails if it is ever loaded.
 */
const LEFT_OUT = {
  translator: ['auditor', 'lister', 'undo'],
  remediator: ['lister', 'undo'],
  'poll-planner': ['auditor', 'lister', 'undo'],
  'poll-worker': ['auditor', 'undo'],
};

function leaveOut(parts) {
  return {
    name: 'leave-out-type-parts',
    setup(build) {
      build.onResolve({ filter: /^\.\/(auditor|lister|undo)$/ }, (args) => {
        const part = args.path.slice(2);
        if (
          !parts.includes(part) ||
          !/src[\\/]runtime[\\/]types[\\/][^\\/]+[\\/]manifest\.ts$/.test(args.importer)
        ) {
          return undefined;
        }
        return { path: `${args.importer}:${part}`, namespace: 'left-out' };
      });
      build.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => ({
        contents: `throw new Error(${JSON.stringify(`this function's bundle leaves out ${args.path}`)});`,
        loader: 'js',
      }));
    },
  };
}

for (const [name, entry] of Object.entries(LAMBDA_FUNCTIONS)) {
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile: `dist/lambda/${name}/index.js`,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    sourcemap: 'external',
    legalComments: 'external',
    metafile: true,
    logLevel: 'warning',
    plugins: [leaveOut(LEFT_OUT[name] ?? [])],
  });
  const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
  console.log(`dist/lambda/${name}/index.js  ${(bytes / 1024).toFixed(0)} KiB`);
}
