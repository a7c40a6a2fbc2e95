import { expect } from 'chai';
import { MANIFESTS } from '../../../src/runtime/types';
import { DISRUPTIVE_CHECKS, NAMED_ONLY_CHECKS } from '../../../src/runtime/contracts/checks';
import { watched } from '../../helpers/aws';
import { type Scenario, audit } from '../../helpers/resources';
import { NONCOMPLIANT } from '../../helpers/fixtures';

/**
 * The safety rules, for every auditor, on a resource that fails every check of its type: nothing is
 * written with remediation off (default, false, or on only for other types) or when the resource is
 * excepted by id, by account or by tag; every failing check is still reported.
 */
describe('auditor safety rules', () => {
  it("reach every type's audit: the suite-wide hook (test/hooks.ts) watches each fake AWS, with its settings", async () => {
    // The hook reads `watched` of the one test/helpers/aws module, which the fixtures, loaded by
    // the types' names, share.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require('../../helpers/aws').watched).to.equal(watched);
    for (const manifest of MANIFESTS) {
      const s = NONCOMPLIANT[manifest.type];
      const from = watched.length;
      const { aws, settings } = await audit(s.world(), s.resource, s.settings);
      expect(watched.length - from, manifest.type).to.equal(1);
      expect(watched[from]!.aws, manifest.type).to.equal(aws);
      expect(watched[from]!.settings, manifest.type).to.equal(settings);
    }
  });

  for (const auditor of MANIFESTS) {
    describe(`auditor: ${auditor.type}`, () => {
      const scenario = () => NONCOMPLIANT[auditor.type] as Scenario;
      const statuses = (findings: readonly { check: string; remediation: { status: string } }[]) =>
        Object.fromEntries(findings.map((f) => [f.check, f.remediation.status]));
      const fixable = (s: Scenario, status: string) =>
        Object.fromEntries(
          s.failing.map((check) => {
            // A check without a declared fix is reported only, whatever the settings say.
            const reportedOnly = auditor.checks.find((c) => c.id === check)?.fix === undefined;
            return [check, reportedOnly ? 'not_available' : status];
          }),
        );

      const offCases: [string, object][] = [
        ['by default', {}],
        ['with remediate: false', { remediate: false }],
        [
          'with remediation on only for other types',
          {
            remediate: Object.fromEntries(
              ['sqs', 'kms_key'].filter((t) => t !== auditor.type).map((t) => [t, true]),
            ),
          },
        ],
        [
          'with remediation on for its type but off for each check',
          {
            remediate: Object.fromEntries([
              [auditor.type, true],
              ...auditor.checks.map((c) => [c.id, false]),
            ]),
          },
        ],
      ];
      for (const [label, remediate] of offCases) {
        it(`reports every failing check as dry_run and writes nothing ${label}`, async () => {
          const s = scenario();
          const { findings, aws } = await audit(s.world(), s.resource, { ...s.settings, ...remediate });
          expect(statuses(findings)).to.deep.equal(fixable(s, 'dry_run'));
          expect(aws.writes()).to.deep.equal([]);
        });
      }

      const exceptions: [string, (s: Scenario) => object][] = [
        ['by id', (s) => ({ resources: { [s.resource.type]: [s.resource.id] } })],
        ['by account', (s) => ({ accounts: { [s.resource.account]: [s.resource.type] } })],
      ];
      for (const [label, exceptionsOf] of exceptions) {
        it(`never changes a resource excepted ${label}, even with remediation on`, async () => {
          const s = scenario();
          const { findings, aws } = await audit(s.world(), s.resource, {
            ...s.settings,
            remediate: true,
            exceptions: exceptionsOf(s),
          });
          expect(statuses(findings)).to.deep.equal(Object.fromEntries(s.failing.map((c) => [c, 'excepted'])));
          expect(findings.every((f) => /^excepted: /.test(f.remediation.reason ?? ''))).to.equal(true);
          expect(aws.writes()).to.deep.equal([]);
        });
      }

      it('with remediate: true, fixes neither disruptive nor partner-access checks without their own consent', async () => {
        const s = scenario();
        const { findings, aws } = await audit(s.world(), s.resource, { ...s.settings, remediate: true });
        const guarded = findings.filter(
          (f) => DISRUPTIVE_CHECKS.has(f.check) || NAMED_ONLY_CHECKS.has(f.check),
        );
        for (const f of guarded) expect(f.remediation.status, f.check).to.equal('dry_run');
        if (guarded.length === findings.length) expect(aws.writes()).to.deep.equal([]);
      });

      it('applies every fix with each check named, and keeps the replaced state', async () => {
        const s = scenario();
        const { findings, aws, report } = await audit(s.world(), s.resource, {
          ...s.settings,
          remediate: Object.fromEntries(auditor.checks.map((c) => [c.id, true])),
        });
        // A fix that must wait for the previous one (a database being modified) fails now and is rechecked.
        const expected = fixable(s, 'applied');
        if (report.recheck) {
          for (const f of findings.filter((x) => x.remediation.status === 'failed'))
            expected[f.check] = 'failed';
        }
        expect(statuses(findings)).to.deep.equal(expected);
        for (const f of findings.filter((x) => x.remediation.status === 'applied')) {
          expect(f.before, f.check).to.not.equal(undefined);
        }
        if (auditor.remediateActions.length > 0) expect(aws.writes()).to.not.be.empty;
        else expect(aws.writes()).to.deep.equal([]);
      });
    });
  }
});
