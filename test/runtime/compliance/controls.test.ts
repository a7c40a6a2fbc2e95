import { expect } from 'chai';
import {
  CIS_V3_RECOMMENDATIONS,
  FSBP_CONTROLS,
  relatedRequirements,
} from '../../../src/runtime/compliance/controls';
import { MANIFESTS } from '../../../src/runtime/types';
import type { CheckSpec } from '../../../src/runtime/types/manifest';

describe('compliance mapping', () => {
  const checks: CheckSpec[] = MANIFESTS.flatMap((m): readonly CheckSpec[] => m.checks);

  it('names only known FSBP controls and CIS v3.0.0 recommendations', () => {
    for (const check of checks) {
      for (const id of check.compliance?.fsbp ?? []) expect(FSBP_CONTROLS, check.id).to.have.property(id);
      for (const id of check.compliance?.cis ?? [])
        expect(CIS_V3_RECOMMENDATIONS, check.id).to.have.property(id);
    }
  });

  it('lists each known id with a title and the AWS page it comes from, and uses every one', () => {
    const used = new Set(
      checks.flatMap((c) => [...(c.compliance?.fsbp ?? []), ...(c.compliance?.cis ?? [])]),
    );
    for (const [id, control] of [
      ...Object.entries(FSBP_CONTROLS),
      ...Object.entries(CIS_V3_RECOMMENDATIONS),
    ]) {
      expect(control.title, id).to.have.length.greaterThan(10);
      expect(control.source, id).to.match(
        /^https:\/\/docs\.aws\.amazon\.com\/securityhub\/latest\/userguide\/[\w-]+\.html$/,
      );
      expect(used, `${id} is listed but no check names it`).to.include(id);
    }
  });

  it('declares no empty mapping, and no id twice', () => {
    for (const check of checks) {
      if (!check.compliance) continue;
      const { fsbp = [], cis = [] } = check.compliance;
      expect(fsbp.length + cis.length, check.id).to.be.greaterThan(0);
      expect(new Set(fsbp).size, check.id).to.equal(fsbp.length);
      expect(new Set(cis).size, check.id).to.equal(cis.length);
    }
  });

  it('maps the checks the standards name alike', () => {
    const of = (id: string) => checks.find((c) => c.id === id)?.compliance;
    expect(of('ec2.imdsv1_allowed')).to.deep.equal({ fsbp: ['EC2.8'], cis: ['5.6'] });
    expect(of('s3_bucket.no_tls_enforcement')).to.deep.equal({ fsbp: ['S3.5'], cis: ['2.1.1'] });
    expect(of('sqs.public')).to.equal(undefined);
  });

  it("names requirements the way Security Hub's RelatedRequirements does", () => {
    expect(relatedRequirements({ fsbp: ['EC2.8'], cis: ['5.6'] })).to.deep.equal([
      'AWS Foundational Security Best Practices v1.0.0/EC2.8',
      'CIS AWS Foundations Benchmark v3.0.0/5.6',
    ]);
    expect(relatedRequirements(undefined)).to.deep.equal([]);
  });
});
