import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import { expect } from 'chai';
import { TABLE_ACTIONS } from '../../src/cli/findings';
import { reportFormat, runReport } from '../../src/cli/report';
import { UsageError } from '../../src/runtime/errors';
import { BUILT_CLI, captureIO, runBuiltCli } from '../helpers/cli';
import { startFakeAws } from '../helpers/fake-aws-server';
import { SAMPLE, storedSample } from '../report/sample';

const AT = new Date('2026-12-01T09:30:00.000Z');
const lines = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join('\n');

describe('cli: report', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'report-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the findings of JSON lines on stdout, a summary on stderr, exit 0', async () => {
    const { io, stdout, stderr } = captureIO(`${lines(SAMPLE.slice(0, 3))}\n`);
    expect(await runReport(io, { format: 'json', now: AT })).to.equal(0);
    const doc = JSON.parse(stdout());
    expect(doc.counts.total).to.equal(3);
    expect(doc.generatedAt).to.equal(AT.toISOString());
    expect(stderr()).to.equal(
      'report: 3 findings (3 critical, 0 high, 0 medium, 0 low) from standard input; json written to stdout\n',
    );
  });

  it('reports what it can read: a bad line is named on stderr, the rest reported, exit 1', async () => {
    const input = [
      JSON.stringify(SAMPLE[0]),
      '{"id": oops',
      JSON.stringify({ ...SAMPLE[1], severity: 'urgent' }),
      '',
      JSON.stringify(SAMPLE[2]),
    ].join('\n');
    const { io, stdout, stderr } = captureIO(input);
    expect(await runReport(io, { format: 'json', now: AT })).to.equal(1);
    expect(JSON.parse(stdout()).findings.map((f: { id: string }) => f.id)).to.have.members([
      SAMPLE[0]!.id,
      SAMPLE[2]!.id,
    ]);
    const errors = stderr().split('\n');
    expect(errors[0]).to.match(/^line 2: invalid JSON \(/);
    expect(errors[1]).to.equal(
      'line 3: not a finding: severity is "urgent", not one of critical, high, medium, low',
    );
    expect(errors[2]).to.equal(
      'report: 2 findings (2 critical, 0 high, 0 medium, 0 low) from standard input, 2 inputs left out; json written to stdout',
    );
  });

  it('takes a JSON array, and stored findings as `findings` prints them', async () => {
    const array = captureIO(JSON.stringify(SAMPLE, null, 2));
    expect(await runReport(array.io, { format: 'json', now: AT })).to.equal(0);
    expect(JSON.parse(array.stdout()).counts.total).to.equal(12);

    const stored = captureIO(lines(storedSample()));
    expect(await runReport(stored.io, { format: 'csv', now: AT })).to.equal(0);
    const rows = stored.stdout().split('\r\n');
    expect(rows).to.have.length(14); // header, 12 rows, and the final line end
    expect(rows.filter((r) => /,open,2026-11-/.test(r))).to.have.length(8);
  });

  it('writes a valid empty report when nothing was read', async () => {
    const { io, stdout, stderr } = captureIO('');
    expect(await runReport(io, { now: AT })).to.equal(0);
    expect(stdout()).to.match(/^<!doctype html>/);
    expect(stdout()).to.contain('from <b id="total">0 findings</b>');
    expect(stderr()).to.equal(
      'report: 0 findings (0 critical, 0 high, 0 medium, 0 low) from standard input; html written to stdout\n',
    );
    const bad = captureIO('not json\n');
    expect(await runReport(bad.io, { format: 'json', now: AT })).to.equal(1);
    expect(JSON.parse(bad.stdout()).findings).to.deep.equal([]);
  });

  it('writes --output in the format its name implies, html otherwise', async () => {
    for (const [name, start] of [
      ['r.csv', 'severity,check,'],
      ['r.md', '# AWS remediation report'],
      ['r.json', '{'],
      ['r.html', '<!doctype html>'],
      ['r.out', '<!doctype html>'],
    ] as const) {
      const { io, stdout } = captureIO(lines(SAMPLE));
      const output = join(dir, name);
      expect(await runReport(io, { output, now: AT })).to.equal(0);
      expect(stdout()).to.equal('');
      expect(readFileSync(output, 'utf8').startsWith(start), name).to.equal(true);
    }
    expect(reportFormat('markdown', 'r.html')).to.equal('markdown');
    expect(() => reportFormat('pdf', undefined)).to.throw(
      UsageError,
      /^--format pdf: not a report format; use one of html, csv, markdown, json$/,
    );
  });

  it('reads the stored findings of --table, with their status', async () => {
    const stored = storedSample();
    const { io, stdout, stderr } = captureIO('ignored');
    const code = await runReport(io, {
      format: 'json',
      now: AT,
      table: {
        name: 'remediation-findings',
        list: async function* () {
          yield* stored;
        },
      },
    });
    expect(code).to.equal(0);
    expect(JSON.parse(stdout()).counts.byStatus).to.deep.equal({ open: 8, resolved: 3, excepted: 1 });
    expect(stderr()).to.contain('from findings table remediation-findings;');
    expect(TABLE_ACTIONS.report).to.equal('dynamodb:DescribeTable and dynamodb:Scan');
  });
});

describe('cli: report, built CLI', function () {
  before(function () {
    if (!existsSync(BUILT_CLI)) this.skip(); // `npm test` builds first
  });

  it('refuses an unknown --format in one line, exit 2', async () => {
    const result = await runBuiltCli(['report', '--format', 'pdf'], { input: lines(SAMPLE) });
    expect(result.code).to.equal(2);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal(
      'aws-remediation: --format pdf: not a report format; use one of html, csv, markdown, json\n',
    );
  });

  it('reports the stored findings of a findings table (DescribeTable, then a scan)', async () => {
    const items = storedSample().map((s) => marshall(s, { removeUndefinedValues: true }));
    const server = await startFakeAws({
      'dynamodb.DescribeTable': () => ({
        json: {
          Table: {
            TableName: 'remediation-findings',
            TableStatus: 'ACTIVE',
            KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          },
        },
      }),
      'dynamodb.Scan': () => ({ json: { Items: items, Count: items.length } }),
    });
    try {
      const result = await runBuiltCli(
        ['report', '--table', 'remediation-findings', '--format', 'markdown'],
        {
          env: {
            PATH: process.env.PATH,
            AWS_ACCESS_KEY_ID: 'AKIDOPERATOR',
            AWS_SECRET_ACCESS_KEY: 'secret',
            AWS_REGION: 'eu-west-1',
            AWS_ENDPOINT_URL: server.url,
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          },
        },
      );
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.contain('| status open | 8 |');
      expect(result.stdout).to.contain('from 12 findings (findings table remediation-findings)');
      expect(result.stderr).to.equal(
        'report: 12 findings (4 critical, 4 high, 4 medium, 0 low) from findings table remediation-findings; markdown written to stdout\n',
      );
      expect(server.received.map((r) => `${r.service}.${r.operation}`)).to.deep.equal([
        'dynamodb.DescribeTable',
        'dynamodb.Scan',
      ]);
    } finally {
      await server.close();
    }
  });
});
