import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Installing a program offline, from npm's cache, with the versions this repository locked.
 *
 * `npm ci` caches package tarballs, by their integrity, but not the registry's package documents
 * (version lists). `npm install --offline` without a lockfile needs those documents to pick versions,
 * so it fails with ENOTCACHED even when every tarball is cached. With a lockfile that names each
 * package's version and integrity, it needs the tarballs only. So the program gets a lockfile taken
 * from the repository's: the packages its dependencies and the package's own dependencies reach.
 */

interface LockEntry {
  version?: string;
  integrity?: string;
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  optional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

interface Manifest {
  name: string;
  version: string;
  license?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
}

/** The folder that holds a lock path's package (`node_modules/a/node_modules/b` → `node_modules/a`). */
function holder(path: string): string {
  const at = path.lastIndexOf('/node_modules/');
  return at < 0 ? '' : path.slice(0, at);
}

/** The version of a package the repository installed at its top level. */
export function lockedVersion(repo: string, name: string): string {
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`${name} is not in package-lock.json`);
  return version;
}

/**
 * Writes `program/package-lock.json` for a program whose package.json depends on packages the
 * repository has locked, and on the repository's package from `tarball` (a path relative to the
 * program, with the integrity `npm pack` printed).
 */
export function writeProgramLock(
  repo: string,
  program: string,
  tarball: { path: string; integrity: string },
): void {
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Manifest;
  const app = JSON.parse(readFileSync(join(program, 'package.json'), 'utf8')) as Manifest;
  const packages = lock.packages;

  // Node's lookup: the package's own node_modules, then each enclosing one, up to the top.
  const locate = (from: string, name: string): string | undefined => {
    for (let dir = from; ; dir = holder(dir)) {
      const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (packages[candidate]) return candidate;
      if (dir === '') return undefined;
    }
  };
  const reached = new Map<string, LockEntry>();
  const queue: string[] = [];
  const visit = (from: string, deps: Record<string, string>, optional: (name: string) => boolean) => {
    for (const name of Object.keys(deps)) {
      const at = locate(from, name);
      if (at === undefined) {
        if (optional(name)) continue;
        throw new Error(
          `${name}, needed by ${from || 'the program'}, is not in the repository's package-lock.json: run \`npm install\` in the repository`,
        );
      }
      if (!reached.has(at)) {
        reached.set(at, packages[at]!);
        queue.push(at);
      }
    }
  };
  const appDeps = Object.fromEntries(
    Object.entries({ ...app.dependencies, ...app.devDependencies }).filter(([name]) => name !== pkg.name),
  );
  // The package sits at node_modules/<name>, so its dependencies resolve as the repository's own do.
  visit('', appDeps, () => false);
  visit('', pkg.dependencies ?? {}, () => false);
  for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
    const entry = packages[at]!;
    visit(at, entry.dependencies ?? {}, () => false);
    visit(at, entry.optionalDependencies ?? {}, () => true);
    visit(at, entry.peerDependencies ?? {}, (name) => entry.peerDependenciesMeta?.[name]?.optional === true);
  }

  const out: Record<string, unknown> = {
    '': { name: app.name, dependencies: app.dependencies, devDependencies: app.devDependencies },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: `file:${tarball.path}`,
      integrity: tarball.integrity,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
      peerDependencies: pkg.peerDependencies,
    },
  };
  for (const [at, entry] of [...reached].sort(([a], [b]) => a.localeCompare(b))) {
    // The repository's dev flags say nothing about the program; platform packages stay optional.
    const rest = Object.fromEntries(
      Object.entries(entry).filter(([field]) => !['dev', 'devOptional', 'peer'].includes(field)),
    );
    out[at] = entry.devOptional ? { ...rest, optional: true } : rest;
  }
  writeFileSync(
    join(program, 'package-lock.json'),
    `${JSON.stringify({ name: app.name, lockfileVersion: 3, requires: true, packages: out }, null, 2)}\n`,
  );
}

/** The environment for a nested npm: without what the outer `npm test` set for its own project. */
export function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^npm_(package_|lifecycle_|command$|config_local_prefix$)/i.test(key) && key !== 'INIT_CWD',
    ),
  );
}

/** Runs a command to its end (or until `timeoutMs`), collecting its output. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      stderr += `\n(stopped after ${options.timeoutMs / 1000} s)`;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      done({ code: null, stdout, stderr: `${stderr}${error.message}`, ms: Date.now() - started });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}
