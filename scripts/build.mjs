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
  });
  const bytes = Object.values(result.metafile.outputs).find((o) => o.entryPoint)?.bytes ?? 0;
  console.log(`dist/lambda/${name}/index.js  ${(bytes / 1024).toFixed(0)} KiB`);
}
