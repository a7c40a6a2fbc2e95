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
