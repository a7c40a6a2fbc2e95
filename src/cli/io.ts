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
  | { readonly where: string; readonly value: unknown }
  /** `text`: the line that is not JSON (a command may accept other lines, such as finding ids). */
  | { readonly where: string; readonly error: string; readonly text?: string };

/**
 * Reads JSON values from a stream: JSON lines (one value a line, blank lines skipped), or a single
 * JSON document spread over several lines (a JSON array, or one pretty-printed object). Elements of
 * arrays are yielded one by one. Lines are yielded as they arrive, so output can stream.
 */
export async function* readJsonInput(input: Readable): AsyncGenerator<InputItem> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let mode: 'detect' | 'lines' | 'document' = 'detect';
  const document: { lineNumber: number; text: string }[] = [];
  let lineNumber = 0;

  for await (const line of lines) {
    lineNumber += 1;
    if (mode === 'document') {
      document.push({ lineNumber, text: line });
      continue;
    }
    const text = line.trim();
    if (text === '') continue;
    const parsed = tryParse(text);
    // A document that does not fit on its first line (a JSON array, a pretty-printed object): read it whole.
    if ('error' in parsed && mode === 'detect' && (text.startsWith('[') || text.startsWith('{'))) {
      mode = 'document';
      document.push({ lineNumber, text: line });
      continue;
    }
    mode = 'lines';
    yield* itemsOf(parsed, `line ${lineNumber}`, text);
  }

  if (mode === 'document') {
    let value: unknown;
    try {
      value = JSON.parse(document.map((l) => l.text).join('\n'));
    } catch {
      // Not one document after all: JSON lines whose first line is bad. Report each bad line.
      for (const l of document) {
        const text = l.text.trim();
        if (text !== '') yield* itemsOf(tryParse(text), `line ${l.lineNumber}`, text);
      }
      return;
    }
    yield* elements(value, 'input');
  }
}

function tryParse(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: `invalid JSON (${(error as Error).message})` };
  }
}

function* itemsOf(
  parsed: { value: unknown } | { error: string },
  where: string,
  text: string,
): Generator<InputItem> {
  if ('error' in parsed) yield { where, error: parsed.error, text };
  else yield* elements(parsed.value, where);
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
