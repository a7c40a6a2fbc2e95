import { expect } from 'chai';
import { CHECKS, type CheckId } from '../../../src/runtime/contracts/checks';
import type { Finding } from '../../../src/runtime/findings/finding';
import { findingId } from '../../../src/runtime/findings/finding';
import { seen } from '../../../src/runtime/findings/lifecycle';
import { MemoryFindingStore } from '../../../src/runtime/findings/store';
import { Remediator } from '../../../src/runtime/remediator/remediator';
import { manifestOf } from '../../../src/runtime/types/index';
import { MANIFESTS } from '../../../src/runtime/types/index';
import { findingToUndo, undoFinding } from '../../../src/runtime/undo/run';
import { FakeAws, type World, iamActionOf } from '../../helpers/aws';
import { NONCOMPLIANT } from '../../helpers/fixtures';
import { unknownActions } from '../../helpers/iam';
import { NOW, resource, settingsWith } from '../../helpers/resources';
import { UNDO_CASES, type UndoCase } from './cases';

function appliedFinding(c: UndoCase): Finding {
  const type = c.check.split('.')[0] as Finding['resource']['type'];
  const target = resource(type, c.id);
  return {
    id: findingId(c.check, target),
    check: c.check as CheckId,
    severity: 'high',
    resource: target,
    message: 'as found',
    remediation: { action: 'as fixed', status: 'applied' },
    before: c.before,
    after: c.after,
    observedAt: NOW.toISOString(),
    trigger: 'cli',
  };
}

function run(
  c: UndoCase,
  world: World,
  options: { apply?: boolean; force?: boolean; finding?: Finding } = {},
) {
  const aws = new FakeAws(world);
  const remediator = new Remediator({ settings: settingsWith(), clients: aws, now: () => NOW });
  const finding = options.finding ?? appliedFinding(c);
  return undoFinding(finding, {
    apply: options.apply ?? false,
    force: options.force ?? false,
    contextFor: (r) => remediator.contextFor(r),
  }).then((outcome) => ({ outcome, aws }));
}

/** Answers every write with {} (the writes are what the test looks at). */
function withWrites(world: World, c: UndoCase): World {
  return { ...world, ...Object.fromEntries(c.writes.map(([key]) => [key, {}])) };
}

const expectedSteps = (c: UndoCase) =>
  c.writes.map(([key, input]) => {
    const dot = key.lastIndexOf('.');
    return { service: key.slice(0, dot), command: key.slice(dot + 1), input };
  });

describe('undo: every fix that can be undone', () => {
  it('has a case here, and every other fix says in its manifest why it cannot be undone', () => {
    const fixes = [...CHECKS.values()].filter((c) => c.fix !== undefined);
    const undoable = fixes.filter((c) => c.notUndoable === undefined).map((c) => c.id);
    expect(UNDO_CASES.map((c) => c.check)).to.have.members(undoable);
    expect(fixes.filter((c) => c.notUndoable !== undefined).map((c) => c.id)).to.have.members([
      'iam_user.password_without_mfa',
      'iam_user.inactive_password',
      'redshift.unencrypted',
      'ecs_task.public_ip',
    ]);
  });

  it('writes only with the IAM actions its manifest declares as undoActions, and they exist', async () => {
    for (const c of UNDO_CASES) {
      const manifest = manifestOf(c.check.split('.')[0]!)!;
      const { aws } = await run(c, withWrites(c.left, c), { apply: true });
      for (const call of aws.writes()) {
        const action = iamActionOf(call);
        expect(manifest.undoActions, c.check).to.include(action);
      }
    }
    expect(await unknownActions(MANIFESTS.flatMap((m) => m.undoActions ?? []))).to.deep.equal([]);
  });

  for (const c of UNDO_CASES) {
    describe(c.check, () => {
      it(`dry run: says it would send ${c.writes.map(([k]) => k).join(', ')} and sends nothing (${c.source})`, async () => {
        const { outcome, aws } = await run(c, c.left);
        expect(outcome.status).to.equal('would_restore');
        expect(outcome.steps).to.deep.equal(expectedSteps(c));
        expect(aws.writes()).to.deep.equal([]);
      });

      it('--apply: sends exactly those writes, in order', async () => {
        const { outcome, aws } = await run(c, withWrites(c.left, c), { apply: true });
        expect(outcome.status).to.equal('restored');
        expect(aws.writes().map((w) => [`${w.service}.${w.operation}`, w.input])).to.deep.equal(c.writes);
      });

      it(`a resource changed since the fix: ${c.whenChanged === 'already' ? 'nothing to write' : 'refused, naming the difference; --force restores it'}`, async () => {
        const { outcome, aws } = await run(c, withWrites(c.changed, c), { apply: true });
        expect(aws.writes()).to.deep.equal([]);
        if (c.whenChanged === 'already') {
          expect(outcome.status).to.equal('already');
          return;
        }
        expect(outcome.status).to.equal('refused');
        expect(outcome.reason).to.include('changed since the fix').and.include(c.difference);
        const forced = await run(c, withWrites(c.changed, c), { apply: true, force: true });
        expect(forced.outcome.status).to.equal('restored');
        expect(forced.aws.writes().length).to.be.greaterThan(0);
      });
    });
  }
});

describe('undo: findings as the remediator records them', () => {
  it('an applied fix records what it replaced and what it left; undo of each resource type in reverse order sends only reads when nothing changed since', async () => {
    for (const [type, scenario] of Object.entries(NONCOMPLIANT)) {
      const settings = settingsWith({
        ...scenario.settings,
        remediate: Object.fromEntries([...CHECKS.keys()].map((id) => [id, true])),
        remediateDisruptive: true,
      });
      const aws = new FakeAws(scenario.world());
      const remediator = new Remediator({ settings, clients: aws, now: () => NOW });
      const { findings } = await remediator.audit(scenario.resource);
      for (const finding of findings.filter((f) => f.remediation.status === 'applied')) {
        const spec = manifestOf(type)!.checks.find((c) => c.id === finding.check)!;
        if (spec.notUndoable) {
          expect(finding.notUndoable, finding.check).to.equal(spec.notUndoable);
          const outcome = await undoFinding(finding, {
            apply: true,
            force: false,
            contextFor: (r) => remediator.contextFor(r),
          });
          expect(outcome).to.deep.include({ status: 'not_undoable', reason: spec.notUndoable });
        } else {
          expect(finding.after, `${finding.check} records after`).to.not.equal(undefined);
          expect(finding.notUndoable).to.equal(undefined);
        }
      }
    }
  });

  it('a finding whose fix was not applied is skipped', async () => {
    const c = UNDO_CASES[0]!;
    const finding = { ...appliedFinding(c), remediation: { action: 'x', status: 'dry_run' as const } };
    const { outcome, aws } = await run(c, c.left, { apply: true, finding });
    expect(outcome.status).to.equal('skipped');
    expect(aws.sent).to.deep.equal([]);
  });

  it('an older finding without `after` is refused (a change since cannot be ruled out) unless forced', async () => {
    const c = UNDO_CASES[0]!;
    const older: { -readonly [K in keyof Finding]?: Finding[K] } = { ...appliedFinding(c) };
    delete older.after;
    const { outcome } = await run(c, withWrites(c.left, c), { apply: true, finding: older as Finding });
    expect(outcome.status).to.equal('refused');
    expect(outcome.reason).to.include('does not say what the fix left');
  });
});

describe('undo: the findings store', () => {
  it('records the undo: open again, last remediation undone, the replaced state in the history; the next undo of it is skipped', async () => {
    const c = UNDO_CASES.find((x) => x.check === 'sqs.public')!;
    const finding = appliedFinding(c);
    const store = new MemoryFindingStore();
    const { next } = seen(undefined, finding, { now: NOW, retentionDays: 90 });
    await store.put(next!, undefined);
    expect(store.items.get(finding.id)!.status).to.equal('resolved');
    const fromStore = findingToUndo(store.items.get(finding.id)!);
    expect(fromStore.finding).to.deep.include({ before: c.before, after: c.after });

    const aws = new FakeAws(withWrites(c.left, c));
    const remediator = new Remediator({ settings: settingsWith(), clients: aws, now: () => NOW });
    const later = new Date(NOW.getTime() + 3_600_000);
    const outcome = await undoFinding(fromStore.finding!, {
      apply: true,
      force: false,
      store,
      now: () => later,
      contextFor: (r) => remediator.contextFor(r),
    });
    expect(outcome.status).to.equal('restored');
    const item = store.items.get(finding.id)!;
    expect(item).to.deep.include({
      status: 'open',
      version: 2,
      lastRemediation: { status: 'undone', at: later.toISOString(), action: 'undo: SQS SetQueueAttributes' },
    });
    expect(item.expiresAt).to.equal(undefined);
    expect(item.history.at(-1)).to.deep.equal({
      at: later.toISOString(),
      event: 'undone',
      action: 'undo: SQS SetQueueAttributes',
      before: { Policy: (c.after as { Policy: string }).Policy },
    });
    expect(findingToUndo(item)).to.deep.equal({
      reason: `its last fix was undone at ${later.toISOString()}`,
    });
  });
});
