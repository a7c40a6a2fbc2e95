import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicy } from '../../../src/runtime/policy/document';
import { judgePolicy } from '../../../src/runtime/policy/evaluate';

// The policy judgement corpus: cases kept as data, each citing the AWS documentation it rests on
// (format: corpus/README.md). Every case runs through the same evaluator as the auditors and
// `aws-remediation check-policy`.

interface CorpusCase {
  readonly id: string;
  readonly title: string;
  readonly source: { readonly document: string; readonly url: string; readonly passage: string };
  readonly type: string;
  readonly account?: string;
  readonly knownAccounts?: readonly string[];
  readonly organizationIds?: readonly string[];
  readonly policy: unknown;
  /** Where the package is deliberately stricter than AWS: why (the expectation is the package's). */
  readonly stricter?: string;
  readonly expect: {
    readonly public: boolean;
    readonly statements?: readonly boolean[];
    readonly external?: Readonly<Record<string, readonly string[]>>;
  };
}

const CORPUS = join(__dirname, 'corpus');
const TYPES = [
  'sqs',
  's3_bucket',
  'kms_key',
  'lambda_function',
  'iam_role',
  'ecr_repository',
  'efs_file_system',
];

function load(): { file: string; cases: CorpusCase[] }[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      cases: (JSON.parse(readFileSync(join(CORPUS, file), 'utf8')) as { cases: CorpusCase[] }).cases,
    }));
}

describe('policy: judgement corpus', () => {
  const files = load();
  const all = files.flatMap((f) => f.cases);

  it('has at least 150 cases, both kinds, with unique ids and a cited passage each', () => {
    expect(all.length).to.be.at.least(150);
    expect(all.filter((c) => c.expect.public).length).to.be.at.least(50);
    expect(all.filter((c) => !c.expect.public).length).to.be.at.least(50);
    const ids = all.map((c) => c.id);
    expect(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      'duplicate ids',
    ).to.deep.equal([]);
    for (const c of all) {
      expect(c.source.document, c.id).to.be.a('string').and.not.equal('');
      expect(c.source.url, c.id).to.match(/^https:\/\//);
      expect(c.source.passage, c.id).to.be.a('string').and.not.equal('');
      expect(TYPES, c.id).to.include(c.type);
      // Stricter than AWS means reporting more, never less.
      if (c.stricter !== undefined) expect(c.expect.public, c.id).to.equal(true);
    }
  });

  for (const { file, cases } of files) {
    describe(file, () => {
      for (const c of cases) {
        it(`${c.id}: ${c.title}`, () => {
          const verdict = judgePolicy(parsePolicy(JSON.stringify(c.policy)), {
            type: c.type,
            account: c.account ?? '111122223333',
            knownAccounts: c.knownAccounts ?? [],
            organizationIds: c.organizationIds ?? [],
          });
          const why = JSON.stringify(
            verdict.statements.map((s) => ({ index: s.index, public: s.public, reasons: s.reasons })),
            null,
            1,
          );
          expect(verdict.public, `public (${c.source.url})\n${why}`).to.equal(c.expect.public);
          if (c.expect.statements) {
            expect(
              verdict.statements.map((s) => s.public),
              `statements\n${why}`,
            ).to.deep.equal(c.expect.statements);
          }
          for (const [index, external] of Object.entries(c.expect.external ?? {})) {
            expect(
              verdict.statements[Number(index)]?.external,
              `external of statement ${index}`,
            ).to.have.members([...external]);
          }
        });
      }
    });
  }
});
