import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { CommandIO } from '../../src/cli/io';

/** Streams for running a command in-process: `input` on stdin, and what it writes to stdout and stderr. */
export function captureIO(input: string): { io: CommandIO; stdout: () => string; stderr: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  return {
    io: { stdin: Readable.from([input]), stdout, stderr },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}

/** The built CLI (`npm test` builds before running the tests). */
export const BUILT_CLI = resolve(__dirname, '..', '..', 'dist', 'cli', 'index.js');

/** Runs the built CLI in a child process, with `input` on stdin, and collects its output. */
export function runBuiltCli(
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], {
      ...(options.env ? { env: options.env } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
