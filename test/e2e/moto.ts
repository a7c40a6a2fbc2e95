import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/** A moto server (AWS-compatible, every service on one port) run for the end-to-end suite. */
export interface MotoServer {
  /** `http://127.0.0.1:<port>`: the AWS_ENDPOINT_URL of everything the suite runs. */
  readonly url: string;
  /** Forgets every resource of every account and region (POST /moto-api/reset). */
  reset(): Promise<void>;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

export const MOTO_COMMAND = 'moto_server';

/** The path of an executable on PATH, or undefined. */
export function findOnPath(command: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the server answers HTTP, or fails when it exits or `timeoutMs` passes. */
async function waitUntilAnswering(url: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${MOTO_COMMAND} exited (${child.exitCode ?? child.signalCode}) before answering:\n${output()}`,
      );
    }
    try {
      const response = await fetch(`${url}/moto-api/data.json`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${MOTO_COMMAND} did not answer on ${url} within ${timeoutMs} ms:\n${output()}`);
}

/** Kills the server's process group (the command may be a wrapper that starts Python). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Starts `moto_server -H 127.0.0.1 -p <free port>` and waits until it answers. The server is killed
 * by {@link MotoServer.stop}, and also when this process exits, so a failed run leaves nothing behind.
 * Throws when moto_server is not on PATH.
 */
export async function startMoto(
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<MotoServer> {
  const command = findOnPath(MOTO_COMMAND);
  if (!command) {
    throw new Error(
      `${MOTO_COMMAND} is not on PATH: the end-to-end tests run against the moto server (pip install "moto[server]")`,
    );
  }
  let lastError: unknown;
  // Another process may take the port between the probe and the bind: try a few ports.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(command, ['-H', '127.0.0.1', '-p', String(port)], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      // moto's catalogue of public AMIs comes with a snapshot of each in every account, which
      // DescribeSnapshots(OwnerIds: self) returns as the account's own: leave the catalogue out.
      env: { ...process.env, MOTO_EC2_LOAD_DEFAULT_AMIS: 'false', ...options.env },
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // The server has its own process group (so that all of it can be killed): it does not get the
    // terminal's Ctrl-C, so it is killed when this process exits or is interrupted.
    const onExit = () => killGroup(child, 'SIGKILL');
    const onSignal = (signal: NodeJS.Signals) => {
      onExit();
      process.kill(process.pid, signal);
    };
    process.once('exit', onExit);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const unlisten = () => {
      process.removeListener('exit', onExit);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    };
    try {
      await waitUntilAnswering(url, child, () => output, options.timeoutMs ?? 30_000);
    } catch (error) {
      lastError = error;
      killGroup(child, 'SIGKILL');
      await exited;
      unlisten();
      continue;
    }
    return {
      url,
      async reset() {
        const response = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
        if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
      },
      async stop() {
        killGroup(child, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
        unlisten();
      },
    };
  }
  throw lastError;
}
