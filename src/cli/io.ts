import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

/** The streams a command uses, so tests can run it in-process. */
export interface CommandIO {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/** One JSON value read from the input, or why it could not be read. */
export type InputItem =
  { readonly where: string; readonly value: unknown } | { readonly where: string; readonly error: string };

/**
 * Reads JSON values from a stream: JSON lines (one value a line, blank lines skipped), or a single
 * JSON document spread over several lines (a JSON array, or one pretty-printed object). Elements of
 * arrays are yielded one by one. Lines are yielded as they arrive, so output can stream.
 */
export async function* readJsonInput(input: Readable): AsyncGenerator<InputItem> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let mode: 'detect' | 'lines' | 'document' = 'detect';
  const document: string[] = [];
  let lineNumber = 0;

  for await (const line of lines) {
    lineNumber += 1;
    if (mode === 'document') {
      document.push(line);
      continue;
    }
    const text = line.trim();
    if (text === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      // A document that does not fit on its first line: read it whole.
      if (mode === 'detect' && (text.startsWith('[') || text.startsWith('{'))) {
        mode = 'document';
        document.push(line);
        continue;
      }
      mode = 'lines';
      yield { where: `line ${lineNumber}`, error: `invalid JSON (${(error as Error).message})` };
      continue;
    }
    mode = 'lines';
    yield* elements(value, `line ${lineNumber}`);
  }

  if (mode === 'document') {
    let value: unknown;
    try {
      value = JSON.parse(document.join('\n'));
    } catch (error) {
      yield { where: 'input', error: `invalid JSON document (${(error as Error).message})` };
      return;
    }
    yield* elements(value, 'input');
  }
}

function* elements(value: unknown, where: string): Generator<InputItem> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) yield { where: `${where} item ${i + 1}`, value: value[i] };
  } else {
    yield { where, value };
  }
}

/** Writes one line to stdout, waiting when the stream is full (so large outputs keep memory flat). */
export async function writeLine(out: Writable, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', resolve));
}
