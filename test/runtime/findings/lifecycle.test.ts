import { expect } from 'chai';
import type { Finding } from '../../../src/runtime/findings/finding';
import {
  MAX_HISTORY,
  type StoredFinding,
  type TransitionOptions,
  passed,
  seen,
  storedResource,
} from '../../../src/runtime/findings/lifecycle';
import { QUEUE, finding, queueMessage } from '../../helpers/findings';
import { ACCOUNT, REGION } from '../../helpers/resources';

const T0 = new Date('2026-11-22T12:00:00.000Z');
const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
const when = (hours: number, retentionDays = 90): TransitionOptions => ({ now: at(hours), retentionDays });
/** Seconds since the epoch, `days` after `hours` past T0: a resolved finding's expiry. */
const expiry = (hours: number, days: number) => Math.floor(at(hours).getTime() / 1000) + days * 86_400;

/** A finding seen `hours` after T0. */
const seenAt = (hours: number, overrides: Partial<Finding> = {}) =>
  finding({ observedAt: at(hours).toISOString(), ...overrides });
const applied = (hours: number, before: unknown) =>
  seenAt(hours, {
    remediation: { action: 'remove public policy statements', status: 'applied' },
    before,
  });
const failed = (hours: number, reason = 'AccessDenied: not authorized to perform sqs:SetQueueAttributes') =>
  seenAt(hours, { remediation: { action: 'remove public policy statements', status: 'failed', reason } });
const excepted = (hours: number) =>
  seenAt(hours, {
    remediation: {
      action: 'remove public policy statements',
      status: 'excepted',
      reason: 'tag remediation=skip',
    },
  });

/** The stored finding of the queue's `sqs.public` check as first opened at T0. */
function opened(): StoredFinding {
  return {
    id: finding().id,
    check: 'sqs.public',
    severity: 'high',
    account: ACCOUNT,
    region: REGION,
    type: 'sqs',
    resourceId: QUEUE,
    status: 'open',
    firstSeen: T0.toISOString(),
    lastSeen: T0.toISOString(),
    history: [],
    finding: seenAt(0),
    version: 1,
  };
}

describe('findings: lifecycle', () => {
  it('opens a finding first seen: open, first and last seen now, version 1, no expiry; change new', () => {
    const { next, change } = seen(undefined, seenAt(0), when(0));
    expect(change).to.equal('new');
    expect(next).to.deep.equal(opened());
    expect(next).to.not.have.property('expiresAt');
    expect(next).to.not.have.property('resolvedAt');
    expect(storedResource(next!)).to.deep.equal(queueMessage());
  });

  it('changes nothing on a second identical audit but the last sighting and the version', () => {
    const second = seen(opened(), seenAt(1), when(1));
    expect(second).to.deep.equal({
      next: { ...opened(), lastSeen: at(1).toISOString(), finding: seenAt(1), version: 2 },
    });
  });

  it('resolves an open finding when its check passes (or its resource is gone), with an expiry', () => {
    const { next, change } = passed(opened(), when(2));
    expect(change).to.equal('resolved');
    expect(next).to.deep.equal({
      ...opened(),
      status: 'resolved',
      resolvedAt: at(2).toISOString(),
      expiresAt: expiry(2, 90),
      version: 2,
    });
    // expiresAt = now + retentionDays x 86,400 s (DynamoDB TTL, seconds since the epoch).
    expect(next!.expiresAt).to.equal(Date.parse('2027-02-20T14:00:00.000Z') / 1000);
    expect(passed(opened(), when(2, 7)).next!.expiresAt).to.equal(expiry(2, 7));
  });

  it('writes nothing when a check passes that has no stored finding, or one already resolved', () => {
    expect(passed(undefined, when(1))).to.deep.equal({});
    const resolved = passed(opened(), when(2)).next!;
    expect(passed(resolved, when(3))).to.deep.equal({});
  });

  it('regresses a resolved finding that fails again: open, no expiry, first sighting kept', () => {
    const resolved = passed(opened(), when(2)).next!;
    const { next, change } = seen(resolved, seenAt(3), when(3));
    expect(change).to.equal('regressed');
    expect(next).to.deep.equal({
      ...opened(),
      lastSeen: at(3).toISOString(),
      finding: seenAt(3),
      version: 3,
    });
    expect(next).to.not.have.property('expiresAt');
    expect(next).to.not.have.property('resolvedAt');
  });

  it('moves new -> (same) -> resolved -> regressed with exactly one change each time it moves', () => {
    const changes: (string | undefined)[] = [];
    let stored: StoredFinding | undefined;
    const step = (t: { next?: StoredFinding; change?: string }) => {
      changes.push(t.change);
      stored = t.next ?? stored;
    };
    step(seen(stored, seenAt(0), when(0)));
    step(seen(stored, seenAt(1), when(1)));
    step(passed(stored, when(2)));
    step(passed(stored, when(3)));
    step(seen(stored, seenAt(4), when(4)));
    step(seen(stored, seenAt(5), when(5)));
    expect(changes).to.deep.equal(['new', undefined, 'resolved', undefined, 'regressed', undefined]);
    expect(stored!.version).to.equal(5);
  });

  it('keeps an excepted finding excepted, without a change, until the exception goes', () => {
    const first = seen(undefined, excepted(0), when(0));
    expect(first.change).to.equal('new');
    expect(first.next).to.deep.equal({ ...opened(), status: 'excepted', finding: excepted(0) });
    const again = seen(first.next, excepted(1), when(1));
    expect(again.change).to.equal(undefined);
    expect(again.next!.status).to.equal('excepted');
    // The exception is lifted: the finding is open again and says so.
    const lifted = seen(again.next, seenAt(2), when(2));
    expect(lifted.change).to.equal('regressed');
    expect(lifted.next!.status).to.equal('open');
    // An excepted finding whose check passes is resolved like any other.
    expect(passed(again.next, when(3)).change).to.equal('resolved');
  });

  it('records an applied fix: fixed, resolved with an expiry, and a history entry holding `before`', () => {
    const before = { Policy: '{"Statement":[{"Sid":"Open","Principal":"*"}]}' };
    const { next, change } = seen(opened(), applied(1, before), when(1));
    expect(change).to.equal('fixed');
    expect(next).to.deep.equal({
      ...opened(),
      status: 'resolved',
      lastSeen: at(1).toISOString(),
      resolvedAt: at(1).toISOString(),
      expiresAt: expiry(1, 90),
      lastRemediation: {
        status: 'applied',
        at: at(1).toISOString(),
        action: 'remove public policy statements',
      },
      history: [
        { at: at(1).toISOString(), event: 'applied', action: 'remove public policy statements', before },
      ],
      finding: applied(1, before),
      version: 2,
    });
    // The next audit finds the check passing: already resolved, nothing changes.
    expect(passed(next, when(2))).to.deep.equal({});
    // A fix applied on the first sighting is `fixed` too, not `new`.
    expect(seen(undefined, applied(0, before), when(0)).change).to.equal('fixed');
  });

  it("reports a failed fix once: 'failed', then nothing on the next identical failure", () => {
    const reason = 'AccessDenied: not authorized to perform sqs:SetQueueAttributes';
    const first = seen(opened(), failed(1, reason), when(1));
    expect(first.change).to.equal('failed');
    expect(first.next).to.deep.equal({
      ...opened(),
      lastSeen: at(1).toISOString(),
      lastRemediation: {
        status: 'failed',
        at: at(1).toISOString(),
        action: 'remove public policy statements',
        reason,
      },
      history: [
        { at: at(1).toISOString(), event: 'failed', action: 'remove public policy statements', reason },
      ],
      finding: failed(1, reason),
      version: 2,
    });
    const second = seen(first.next, failed(2, reason), when(2));
    expect(second.change).to.equal(undefined);
    // The same failure again changed nothing: it is the last remediation, not a new history entry.
    expect(second.next!.history).to.deep.equal(first.next!.history);
    expect(second.next!.lastRemediation!.at).to.equal(at(2).toISOString());
    expect(second.next!.status).to.equal('open');
    // A dry run in between keeps the last remediation, so the failure after it is still not new.
    const dry = seen(second.next, seenAt(3), when(3));
    expect(dry.change).to.equal(undefined);
    expect(dry.next!.lastRemediation).to.deep.equal(second.next!.lastRemediation);
    expect(seen(dry.next, failed(4, reason), when(4)).change).to.equal(undefined);
  });

  it('keeps a failed fix that changed part of the resource, with its `before`, every time', () => {
    const partial = (hours: number) =>
      seenAt(hours, {
        remediation: { action: 'remove public policy statements', status: 'failed', reason: 'Throttling' },
        before: { Policy: `v${hours}` },
      });
    const first = seen(opened(), partial(1), when(1)).next!;
    const second = seen(first, partial(2), when(2));
    expect(second.change).to.equal(undefined);
    expect(second.next!.history).to.deep.equal([
      {
        at: at(1).toISOString(),
        event: 'failed',
        action: 'remove public policy statements',
        before: { Policy: 'v1' },
        reason: 'Throttling',
      },
      {
        at: at(2).toISOString(),
        event: 'failed',
        action: 'remove public policy statements',
        before: { Policy: 'v2' },
        reason: 'Throttling',
      },
    ]);
  });

  it(`caps the history at the last ${MAX_HISTORY} fixes, oldest first`, () => {
    let stored: StoredFinding | undefined;
    const changes: (string | undefined)[] = [];
    for (let i = 0; i < MAX_HISTORY + 5; i += 1) {
      // The fix is undone out of band each time, and applied again at the next audit.
      const t = seen(stored, applied(i, { Policy: `p${i}` }), when(i));
      changes.push(t.change);
      stored = t.next;
    }
    expect(changes).to.deep.equal(new Array(MAX_HISTORY + 5).fill('fixed'));
    expect(stored!.history).to.have.length(MAX_HISTORY);
    expect(stored!.history.map((h) => h.before)).to.deep.equal(
      Array.from({ length: MAX_HISTORY }, (_, i) => ({ Policy: `p${i + 5}` })),
    );
    expect(stored!.version).to.equal(MAX_HISTORY + 5);
  });

  it('has no expiry while open and clears it when a resolved finding comes back', () => {
    let stored = seen(undefined, seenAt(0), when(0, 30)).next!;
    expect(stored.expiresAt).to.equal(undefined);
    stored = passed(stored, when(1, 30)).next!;
    expect(stored.expiresAt).to.equal(expiry(1, 30));
    stored = seen(stored, seenAt(2), when(2, 30)).next!;
    expect('expiresAt' in stored).to.equal(false);
    expect('resolvedAt' in stored).to.equal(false);
  });
});
