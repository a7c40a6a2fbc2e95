import { expect } from 'chai';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderChecksTable, renderEventTable, renderTypesTable } from '../../../scripts/readme';
import { CORE_READ_ACTIONS, registry } from '../../../src/runtime/auditors/registry';
import {
  CHECK_IDS,
  CHECKS,
  type CheckDefinition,
  DISRUPTIVE_CHECKS,
  NAMED_ONLY_CHECKS,
} from '../../../src/runtime/contracts/checks';
import { GLOBAL_RESOURCE_TYPES, RESOURCE_TYPES } from '../../../src/runtime/contracts/message';
import { EVENT_RULES, findEventRule } from '../../../src/runtime/events/table';
import { listerActions, loadListers } from '../../../src/runtime/poller/listers';
import { MANIFESTS } from '../../../src/runtime/types';
import { NONCOMPLIANT, hasOwnLister } from '../../helpers/fixtures';

const ROOT = join(__dirname, '..', '..', '..');
const TYPES = MANIFESTS.map((m) => m.type);
const sorted = <T>(values: Iterable<T>) => [...values].sort();
const folders = (dir: string) =>
  sorted(
    readdirSync(join(ROOT, dir), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name),
  );
/** The rows of a Markdown table, each as its cells (header and rule left out). */
const rows = (markdown: string) =>
  markdown
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .slice(2)
    .map((line) =>
      line
        .slice(2, -2)
        .split(' | ')
        .map((cell) => cell.trim()),
    );

/**
 * Adding a resource type is adding its folder (and its line in src/runtime/types/index.ts): every
 * list of types, checks, event rows, listers and IAM actions is derived from the manifests.
 */
describe('types: one folder per type', () => {
  it('has a folder in src/runtime/types/ for each manifest of its index.ts, and no other', () => {
    expect(
      folders('src/runtime/types'),
      'folders against the manifests of src/runtime/types/index.ts',
    ).to.deep.equal(sorted(TYPES));
    for (const m of MANIFESTS) {
      const files = readdirSync(join(ROOT, 'src/runtime/types', m.type));
      const expected = ['manifest.ts', 'auditor.ts', ...(hasOwnLister(m) ? ['lister.ts'] : [])];
      expect(files, m.type).to.include.members(expected);
      if (!hasOwnLister(m)) expect(files, `${m.type} has no listing of its own`).to.not.include('lister.ts');
    }
  });

  it('has in test/runtime/types/<type>/ the fixtures and the auditor tests of each type, and no other', () => {
    expect(folders('test/runtime/types')).to.deep.equal(sorted(TYPES));
    for (const type of TYPES) {
      for (const file of ['fixtures.ts', 'auditor.test.ts']) {
        expect(existsSync(join(ROOT, 'test/runtime/types', type, file)), `${type}/${file}`).to.equal(true);
      }
    }
    expect(Object.keys(NONCOMPLIANT)).to.deep.equal(TYPES);
  });

  describe('lists derived from the manifests', () => {
    it('the message contract: every type, in the manifests order, and the global ones', () => {
      expect(RESOURCE_TYPES).to.deep.equal(TYPES);
      expect(GLOBAL_RESOURCE_TYPES).to.deep.equal(
        MANIFESTS.filter((m) => m.global === true).map((m) => m.type),
      );
    });

    it('the check catalogue: every check in order, the disruptive ones and those to be named', () => {
      const checks: readonly CheckDefinition[] = MANIFESTS.flatMap((m): CheckDefinition[] => [...m.checks]);
      expect(CHECK_IDS).to.deep.equal(checks.map((c) => c.id));
      expect([...CHECKS.values()]).to.deep.equal(checks);
      expect(sorted(DISRUPTIVE_CHECKS)).to.deep.equal(
        sorted(checks.filter((c) => c.consent === 'disruptive').map((c) => c.id)),
      );
      expect(sorted(NAMED_ONLY_CHECKS)).to.deep.equal(
        sorted(checks.filter((c) => c.consent === 'named').map((c) => c.id)),
      );
      expect(registry.checks()).to.deep.equal(checks);
    });

    it("the translator's table: each event name of each manifest's rows, leading to its type", () => {
      const declared = MANIFESTS.flatMap((m) =>
        m.events.flatMap((row) =>
          row.eventNames.map((name) => `${row.eventSource} ${name} -> ${m.type} ${row.delay ?? 0}`),
        ),
      );
      const table = EVENT_RULES.flatMap((rule) =>
        rule.targets.map((t) => `${rule.eventSource} ${rule.eventName} -> ${t.type} ${t.delay ?? 0}`),
      );
      expect(sorted(table)).to.deep.equal(sorted(declared));
      for (const m of MANIFESTS) {
        for (const row of m.events) {
          for (const name of row.eventNames) {
            const target = findEventRule(row.eventSource, name)?.targets.find((t) => t.type === m.type);
            expect(target?.ids, `${row.eventSource} ${name}`).to.equal(row.ids);
          }
        }
      }
    });

    it("the poller's listers: one for each type with a lister of its own, and their IAM actions", async () => {
      const listers = await loadListers();
      const own = MANIFESTS.filter(hasOwnLister);
      expect(listers).to.have.length(own.length);
      expect(sorted(listers.flatMap((l) => l.types))).to.deep.equal(
        sorted(MANIFESTS.filter((m) => m.listing !== undefined).map((m) => m.type)),
      );
      expect(listerActions()).to.deep.equal(
        sorted(new Set(own.flatMap((m) => (m.listing && 'actions' in m.listing ? m.listing.actions : [])))),
      );
    });

    it("the member role: every manifest's read actions, and its fix actions only with remediation", () => {
      const read = [...CORE_READ_ACTIONS, ...MANIFESTS.flatMap((m) => m.readActions)];
      const write = MANIFESTS.flatMap((m) => m.remediateActions);
      expect(registry.memberActions(false)).to.deep.equal(sorted(new Set(read)));
      expect(registry.memberActions(true)).to.deep.equal(sorted(new Set([...read, ...write])));
    });

    it("the README's tables: a row for each type, each check, and each API call of a type", () => {
      expect(rows(renderTypesTable()).map(([type, id]) => [type, id])).to.deep.equal(
        MANIFESTS.map((m) => [`\`${m.type}\``, m.id]),
      );
      expect(rows(renderChecksTable()).map(([id]) => id)).to.deep.equal(CHECK_IDS.map((id) => `\`${id}\``));
      const events = rows(renderEventTable()).flatMap(([source, names, types]) =>
        names!
          .split(', ')
          .flatMap((name) =>
            [...types!.matchAll(/`(\w+)`/g)].map(([, type]) => `${source} ${name} -> ${type}`),
          ),
      );
      expect(sorted(events)).to.deep.equal(
        sorted(
          MANIFESTS.flatMap((m) =>
            m.events.flatMap((row) =>
              row.eventNames.map((name) => `${row.eventSource} ${name} -> ${m.type}`),
            ),
          ),
        ),
      );
    });
  });
});
