import { expect } from 'chai';
import * as pulumi from '@pulumi/pulumi';
import { buildEventPatterns } from '../../src/runtime/events/pattern';
import { MASTER_ACCOUNT, installMocks, optionsOf, resourcesOf, settled, valueOf } from '../helpers/pulumi';

type Components = typeof import('../../src/components');

const settings = { regions: ['eu-west-1', 'eu-central-1'], accounts: ['111111111111'] };
const RULE = 'aws:cloudwatch/eventRule:EventRule';
const PERMISSION = 'aws:lambda/permission:Permission';

describe('component events: rules named by their pattern, permissions by their rule', function () {
  this.timeout(60_000);
  let components: Components;

  before(async () => {
    await installMocks();
    components = await import('../../src/components');
  });

  it("names each rule by its pattern's first event source (the table's first pattern by the bare name), whatever the patterns' order", async () => {
    const { patternRules } = await import('../../src/components/events');
    // The table in patterns of at most 600 characters: several of them.
    const patterns = buildEventPatterns(undefined, 600);
    expect(patterns.length).to.be.at.least(5);
    // Each pattern's first event source, without .amazonaws.com; the table's first is ''.
    const keys = patterns.map((p, i) =>
      i === 0 ? '' : p.detail.$or[0]!.eventSource[0].replace('.amazonaws.com', ''),
    );
    const rulesOf = (name: string, list: typeof patterns) => {
      const parent = new pulumi.ComponentResource('test:index:Parent', name);
      const rules = patternRules(
        `${name}-rule`,
        { targetArn: 'arn', description: 'test', patterns: list },
        { parent },
      );
      return { parent, rules };
    };
    const ordered = rulesOf('patord', patterns);
    const reversed = rulesOf('patrev', [...patterns].reverse());
    await settled([
      ordered.parent,
      reversed.parent,
      ...[...ordered.rules, ...reversed.rules].map((r) => r.rule),
    ]);

    expect(ordered.rules.map((r) => r.key)).to.deep.equal(keys);
    expect(keys.slice(0, 4)).to.deep.equal(['', 'rds', 's3', 'elasticloadbalancing']);
    const named = (name: string) =>
      resourcesOf(`${name}-rule`, RULE)
        .map((r) => [r.name.slice(name.length), r.inputs.eventPattern])
        .sort();
    expect(named('patord').map(([suffix]) => suffix)).to.deep.equal(
      keys.map((key) => (key ? `-rule-${key}` : '-rule')).sort(),
    );
    // The same name holds the same pattern, in either order.
    expect(named('patrev')).to.deep.equal(named('patord'));
    expect(
      resourcesOf('patord-rule', 'aws:cloudwatch/eventTarget:EventTarget')
        .map((t) => t.name)
        .sort(),
    ).to.deep.equal(
      named('patord')
        .map(([suffix]) => `patord${suffix}-target`)
        .sort(),
    );
  });

  it("names the translator's invoke permissions by their rule's region and bus, whatever the regions' order", async () => {
    const forward = new components.RemediationMaster('invfwd', {
      settings,
      eventRegions: ['eu-west-1', 'eu-central-1', 'us-east-1'],
      watchOwnAccount: true,
    });
    const backward = new components.RemediationMaster('invbwd', {
      settings,
      eventRegions: ['us-east-1', 'eu-central-1', 'eu-west-1'],
      watchOwnAccount: true,
    });
    await settled([forward, backward]);
    const named = (name: string) =>
      resourcesOf(`${name}-translator-invoke-`, PERMISSION)
        .map((p) => [p.name.slice(name.length), p.inputs.region, p.inputs.sourceArn.replace(name, '')])
        .sort();
    expect(named('invbwd')).to.deep.equal(named('invfwd'));
    for (const bus of ['members', 'own']) {
      for (const region of ['eu-west-1', 'eu-central-1', 'us-east-1']) {
        const [permission] = resourcesOf(`invfwd-translator-invoke-${bus}-${region}`, PERMISSION).filter(
          (p) => p.name === `invfwd-translator-invoke-${bus}-${region}`,
        );
        expect(permission!.inputs.region).to.equal(region);
        expect(permission!.inputs.sourceArn).to.equal(
          `arn:aws:events:${region}:${MASTER_ACCOUNT}:invfwd-${bus}-${region}-1a2b3c`,
        );
      }
    }
  });

  it('keeps the counter each invoke permission was named by as an alias, under the same parent', async () => {
    const master = new components.RemediationMaster('invold', {
      settings,
      eventRegions: ['eu-west-1', 'eu-central-1', 'us-east-1'],
      watchOwnAccount: true,
    });
    await settled([master]);
    const urn = await valueOf(master.urn);
    // The counter ran over the regions in order, each region's members' rule before its own.
    const former = [
      'members-eu-west-1',
      'own-eu-west-1',
      'members-eu-central-1',
      'own-eu-central-1',
      'members-us-east-1',
      'own-us-east-1',
    ];
    former.forEach((rule, n) => {
      expect(optionsOf(PERMISSION, `invold-translator-invoke-${rule}`), rule).to.deep.equal({
        parent: urn,
        aliases: [{ name: `invold-translator-invoke-${n}`, parent: urn }],
      });
    });
    // The rules kept their names: no alias.
    expect(optionsOf(RULE, 'invold-members-eu-west-1')).to.deep.equal({ parent: urn, aliases: [] });
  });
});
