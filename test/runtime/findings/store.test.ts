import { expect } from 'chai';
import type { CheckId } from '../../../src/runtime/contracts/checks';
import type { ResourceMessage } from '../../../src/runtime/contracts/message';
import { type Finding, findingId, notificationFor } from '../../../src/runtime/findings/finding';
import type { StoredFinding, TransitionOptions } from '../../../src/runtime/findings/lifecycle';
import {
  DynamoFindingStore,
  type FindingStore,
  MemoryFindingStore,
  StoreConflictError,
  recordAudit,
} from '../../../src/runtime/findings/store';
import { SnsNotifier } from '../../../src/runtime/remediator/notify';
import { Remediator } from '../../../src/runtime/remediator/remediator';
import { FakeAws, awsError, watched } from '../../helpers/aws';
import { FakeDocumentTable, QUEUE, finding, gate, queueMessage, recordingSns } from '../../helpers/findings';
import { ACCOUNT, KNOWN, REGION, policy, publicStatement, settingsWith } from '../../helpers/resources';
import { QUEUE_ARN, sqsWorld } from '../types/sqs/fixtures';

const T0 = new Date('2026-11-22T12:00:00.000Z');
const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
const when = (hours: number, retentionDays = 90): TransitionOptions => ({ now: at(hours), retentionDays });
const seenAt = (hours: number, overrides: Partial<Finding> = {}) =>
  finding({ observedAt: at(hours).toISOString(), ...overrides });
const applied = (hours: number, before: unknown) =>
  seenAt(hours, { remediation: { action: 'remove public policy statements', status: 'applied' }, before });

const audit = (
  findings: Finding[],
  passedChecks: CheckId[] = [],
  resource: ResourceMessage = queueMessage(),
) => ({
  resource,
  findings,
  passedChecks,
});

const TABLE = 'remediation-findings';

describe('findings: store', () => {
  describe('recordAudit', () => {
    it('stores a new finding and says it is new; a passing check with nothing stored writes nothing', async () => {
      const store = new MemoryFindingStore();
      const bucket: ResourceMessage = { ...queueMessage(), type: 's3_bucket', id: 'logs' };
      const tls = seenAt(0, { check: 's3_bucket.no_tls_enforcement', resource: bucket });
      const update = await recordAudit(
        store,
        audit([tls], ['s3_bucket.public', 's3_bucket.missing_tags'], bucket),
        when(0),
      );
      expect(update).to.deep.equal({
        changes: [{ change: 'new', finding: { ...tls, change: 'new' } }],
        written: 1,
      });
      expect([...store.items.values()]).to.deep.equal([
        {
          id: tls.id,
          check: 's3_bucket.no_tls_enforcement',
          severity: 'high',
          account: ACCOUNT,
          region: REGION,
          type: 's3_bucket',
          resourceId: 'logs',
          status: 'open',
          firstSeen: at(0).toISOString(),
          lastSeen: at(0).toISOString(),
          history: [],
          finding: tls,
          version: 1,
        },
      ]);
    });

    it('changes nothing on a second identical audit, resolves when the check passes, regresses after', async () => {
      const store = new MemoryFindingStore();
      const id = finding().id;
      const first = await recordAudit(store, audit([seenAt(0)]), when(0));
      const second = await recordAudit(store, audit([seenAt(1)]), when(1));
      const third = await recordAudit(store, audit([], ['sqs.public']), when(2));
      const fourth = await recordAudit(store, audit([], ['sqs.public']), when(3));
      const fifth = await recordAudit(store, audit([seenAt(4)]), when(4));

      expect(first.changes.map((c) => c.change)).to.deep.equal(['new']);
      expect(second).to.deep.equal({ changes: [], written: 1 });
      expect(third).to.deep.equal({
        changes: [{ change: 'resolved', finding: { ...seenAt(1), change: 'resolved' } }],
        written: 1,
      });
      expect(fourth).to.deep.equal({ changes: [], written: 0 });
      expect(fifth).to.deep.equal({
        changes: [{ change: 'regressed', finding: { ...seenAt(4), change: 'regressed' } }],
        written: 1,
      });
      expect(store.items.get(id)).to.deep.include({
        status: 'open',
        firstSeen: at(0).toISOString(),
        lastSeen: at(4).toISOString(),
        version: 4,
      });
      expect(store.items.get(id)).to.not.have.property('expiresAt');
    });

    it('resolves every stored finding of a resource that is gone, with expiresAt = now + retentionDays', async () => {
      const store = new MemoryFindingStore();
      await recordAudit(store, audit([seenAt(0)]), when(0));
      // What the remediator passes for a resource that no longer exists: no finding, every check.
      const gone = await recordAudit(store, audit([], ['sqs.public']), when(5, 7));
      expect(gone.changes.map((c) => [c.change, c.finding.id])).to.deep.equal([['resolved', finding().id]]);
      expect(store.items.get(finding().id)).to.deep.include({
        status: 'resolved',
        resolvedAt: at(5).toISOString(),
        expiresAt: Math.floor(at(5).getTime() / 1000) + 7 * 86_400,
        version: 2,
      });
    });

    it('records an applied fix as fixed and resolved, with its `before` in the history', async () => {
      const store = new MemoryFindingStore();
      await recordAudit(store, audit([seenAt(0)]), when(0));
      const before = { Policy: JSON.stringify(policy(publicStatement('Open', 'sqs:*', QUEUE_ARN))) };
      const update = await recordAudit(store, audit([applied(1, before)]), when(1));
      expect(update.changes).to.deep.equal([
        { change: 'fixed', finding: { ...applied(1, before), change: 'fixed' } },
      ]);
      expect(store.items.get(finding().id)).to.deep.include({
        status: 'resolved',
        expiresAt: Math.floor(at(1).getTime() / 1000) + 90 * 86_400,
        history: [
          { at: at(1).toISOString(), event: 'applied', action: 'remove public policy statements', before },
        ],
      });
      // The audit after the fix finds the check passing: no change.
      expect(await recordAudit(store, audit([], ['sqs.public']), when(2))).to.deep.equal({
        changes: [],
        written: 0,
      });
    });

    it('lists stored findings by status, account and check', async () => {
      const store = new MemoryFindingStore();
      const other = queueMessage(`${QUEUE}-2`);
      const known = { ...queueMessage(), account: KNOWN, id: QUEUE.replace(ACCOUNT, KNOWN) };
      await recordAudit(store, audit([seenAt(0)]), when(0));
      await recordAudit(
        store,
        audit([seenAt(0, { resource: other, id: findingId('sqs.public', other) })], [], other),
        when(0),
      );
      await recordAudit(
        store,
        audit([seenAt(0, { resource: known, id: findingId('sqs.public', known) })], [], known),
        when(0),
      );
      await recordAudit(store, audit([], ['sqs.public'], other), when(1));
      const ids = async (filter: Parameters<FindingStore['list']>[0]) => {
        const out: string[] = [];
        for await (const item of store.list(filter)) out.push(item.resourceId);
        return out;
      };
      expect(await ids({ status: 'open' })).to.deep.equal([QUEUE, known.id]);
      expect(await ids({ status: 'open', account: KNOWN })).to.deep.equal([known.id]);
      expect(await ids({ status: 'resolved', check: 'sqs.public' })).to.deep.equal([other.id]);
      expect(await ids({ check: 's3_bucket.public' })).to.deep.equal([]);
    });
  });

  /**
   * Two writers (two Lambda containers, or the CLI and a function) audit one resource at once: both
   * read before either writes. The store's version rule must make the loser read again and move on
   * from the winner's write, so neither update is lost.
   */
  describe('two writers racing on one finding', () => {
    const beforeA = { Policy: 'policy as writer A found it' };
    const beforeB = { Policy: 'policy as writer B found it' };

    async function race(store: FindingStore) {
      const [a, b] = await Promise.all([
        recordAudit(store, audit([applied(1, beforeA)]), when(1)),
        recordAudit(store, audit([applied(2, beforeB)]), when(2)),
      ]);
      return { a, b };
    }

    /** Holds every read until `readers` reads are waiting, once: both writers read the same version. */
    function bothRead(readers = 2) {
      let waiting = 0;
      const all = gate();
      return async () => {
        waiting += 1;
        if (waiting === readers) all.open();
        if (waiting <= readers) await all.promise;
      };
    }

    it('in memory: both history entries kept, the version moved on by two', async () => {
      const store = new MemoryFindingStore();
      await recordAudit(store, audit([seenAt(0)]), when(0));
      const hold = bothRead();
      const puts: boolean[] = [];
      const racing: FindingStore = {
        get: async (ids) => {
          const found = await store.get(ids);
          await hold();
          return found;
        },
        put: async (item, version) => {
          const ok = await store.put(item, version);
          puts.push(ok);
          return ok;
        },
        list: (filter) => store.list(filter),
      };
      const { a, b } = await race(racing);

      expect(puts).to.deep.equal([true, false, true]);
      expect([a.changes.map((c) => c.change), b.changes.map((c) => c.change)]).to.deep.equal([
        ['fixed'],
        ['fixed'],
      ]);
      const stored = store.items.get(finding().id)!;
      expect(stored.version).to.equal(3);
      expect(stored.history).to.deep.equal([
        {
          at: at(1).toISOString(),
          event: 'applied',
          action: 'remove public policy statements',
          before: beforeA,
        },
        {
          at: at(2).toISOString(),
          event: 'applied',
          action: 'remove public policy statements',
          before: beforeB,
        },
      ]);
    });

    it('in DynamoDB (conditional writes on the version): both history entries kept, the version moved on by two', async () => {
      const hold = bothRead();
      let holding = false;
      const table = new FakeDocumentTable(TABLE, { beforeGet: () => (holding ? hold() : Promise.resolve()) });
      const store = new DynamoFindingStore(table, TABLE);
      await recordAudit(store, audit([seenAt(0)]), when(0));
      holding = true;
      await race(store);

      expect(table.puts).to.deep.equal(['ok', 'ok', 'ConditionalCheckFailedException', 'ok']);
      const puts = table.commands.filter((c) => c.name === 'Put').map((c) => c.input);
      expect(puts.map((p) => [p.ConditionExpression, p.ExpressionAttributeValues])).to.deep.equal([
        ['attribute_not_exists(id)', undefined],
        ['version = :version', { ':version': 1 }],
        ['version = :version', { ':version': 1 }],
        ['version = :version', { ':version': 2 }],
      ]);
      const stored = table.items.get(finding().id)!;
      expect(stored.version).to.equal(3);
      expect(stored.history.map((h) => h.before)).to.deep.equal([beforeA, beforeB]);
      // Every read is consistent: an eventually consistent read could miss the winner's write.
      const gets = table.commands
        .filter((c) => c.name === 'BatchGet')
        .map((c) => c.input.RequestItems[TABLE]);
      expect(gets).to.deep.equal(new Array(4).fill({ Keys: [{ id: finding().id }], ConsistentRead: true }));
    });

    it('gives up with StoreConflictError after 5 tries when another writer always gets there first', async () => {
      // Another writer writes between each of this writer's reads and its write.
      let rival = 0;
      const table: FakeDocumentTable = new FakeDocumentTable(TABLE, {
        beforePut: (item) => {
          if (item.finding.observedAt !== at(1).toISOString()) return;
          rival += 1;
          const current = table.items.get(item.id)!;
          table.items.set(item.id, { ...current, lastSeen: `rival ${rival}`, version: current.version + 1 });
        },
      });
      const store = new DynamoFindingStore(table, TABLE);
      await recordAudit(store, audit([seenAt(0)]), when(0));

      const error = await recordAudit(store, audit([seenAt(1)]), when(1)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(StoreConflictError);
      expect((error as Error).message).to.equal(
        `finding ${finding().id} kept changing under other writers; the record will be audited again`,
      );
      expect(table.puts).to.deep.equal(['ok', ...new Array(5).fill('ConditionalCheckFailedException')]);
      // The rival's writes stand: nothing of theirs was overwritten.
      expect(table.items.get(finding().id)).to.deep.include({ lastSeen: 'rival 5', version: 6 });
    });

    it('in memory too: StoreConflictError after 5 tries, the other writer intact', async () => {
      const store = new MemoryFindingStore();
      await recordAudit(store, audit([seenAt(0)]), when(0));
      let puts = 0;
      const losing: FindingStore = {
        get: (ids) => store.get(ids),
        put: async (item, version) => {
          puts += 1;
          const current = store.items.get(item.id)!;
          store.items.set(item.id, { ...current, version: current.version + 1 });
          return store.put(item, version);
        },
        list: (filter) => store.list(filter),
      };
      let error: unknown;
      try {
        await recordAudit(losing, audit([seenAt(1)]), when(1));
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(StoreConflictError);
      expect(puts).to.equal(5);
      expect(store.items.get(finding().id)).to.deep.include({ lastSeen: at(0).toISOString(), version: 6 });
    });
  });

  describe('DynamoFindingStore', () => {
    it('reads more than 100 findings in calls of 100 keys, and reads again the keys DynamoDB left', async () => {
      const table = new FakeDocumentTable(TABLE, {
        unprocessed: (call, keys) => (call === 1 ? keys.slice(90) : []),
      });
      const ids = Array.from({ length: 150 }, (_, i) => `id-${String(i).padStart(3, '0')}`);
      for (const id of ids.filter((_, i) => i % 2 === 0))
        table.items.set(id, { id, version: 1 } as StoredFinding);
      const found = await new DynamoFindingStore(table, TABLE).get(ids);
      expect([...found.keys()].sort()).to.deep.equal(ids.filter((_, i) => i % 2 === 0));
      expect(table.commands.map((c) => c.input.RequestItems[TABLE].Keys.length)).to.deep.equal([100, 10, 50]);
    });

    it('lists with a filter on each attribute asked for, page after page', async () => {
      const table = new FakeDocumentTable(TABLE);
      const store = new DynamoFindingStore(table, TABLE);
      const other = queueMessage(`${QUEUE}-2`);
      const third = queueMessage(`${QUEUE}-3`);
      for (const r of [queueMessage(), other, third]) {
        await recordAudit(
          store,
          audit([seenAt(0, { resource: r, id: findingId('sqs.public', r) })], [], r),
          when(0),
        );
      }
      await recordAudit(store, audit([], ['sqs.public'], other), when(1));
      table.commands.length = 0;
      const listed: string[] = [];
      for await (const item of store.list({ status: 'open', check: 'sqs.public' }))
        listed.push(item.resourceId);
      expect(listed).to.deep.equal([QUEUE, third.id]);
      expect(table.commands.map((c) => c.input)).to.deep.equal([
        {
          TableName: TABLE,
          FilterExpression: '#status = :status AND #check = :check',
          ExpressionAttributeNames: { '#status': 'status', '#check': 'check' },
          ExpressionAttributeValues: { ':status': 'open', ':check': 'sqs.public' },
        },
        {
          TableName: TABLE,
          FilterExpression: '#status = :status AND #check = :check',
          ExpressionAttributeNames: { '#status': 'status', '#check': 'check' },
          ExpressionAttributeValues: { ':status': 'open', ':check': 'sqs.public' },
          ExclusiveStartKey: { id: findingId('sqs.public', other) },
        },
      ]);
    });
  });

  /** The remediator with a store, as the Lambda and `remediate --table` run it, publishing to SNS. */
  describe('through the remediator', () => {
    const TOPIC = 'arn:aws:sns:eu-west-1:000000000000:remediation-findings';

    function sweeper(notify: 'changes' | 'all', retentionDays?: number) {
      const settings = settingsWith({ notify });
      let queuePolicy: object | undefined = policy(publicStatement('Open', 'sqs:*', QUEUE_ARN));
      let exists = true;
      const aws = new FakeAws({
        ...sqsWorld(),
        'SQS.GetQueueAttributes': () => {
          if (!exists)
            throw awsError('AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.');
          return { Attributes: queuePolicy ? { Policy: JSON.stringify(queuePolicy) } : {} };
        },
      });
      watched.push({ aws, settings });
      const sns = recordingSns();
      const store = new MemoryFindingStore();
      let now = T0;
      const remediator = new Remediator({
        settings,
        clients: aws,
        notifier: new SnsNotifier(sns, TOPIC),
        store,
        now: () => now,
        ...(retentionDays ? { retentionDays } : {}),
      });
      return {
        store,
        /** One sweep at `hours` after T0: the Publish inputs it sent, and its report. */
        sweep: async (hours: number) => {
          now = at(hours);
          sns.published.length = 0;
          const report = await remediator.audit(queueMessage());
          return { published: [...sns.published], report };
        },
        privatize: () => (queuePolicy = undefined),
        remove: () => (exists = false),
      };
    }

    it("with notify 'changes', a second identical sweep publishes nothing; a resolution is published once", async () => {
      const { sweep, store, privatize } = sweeper('changes');
      const first = await sweep(0);
      const [found] = first.report.findings;
      expect(first.published).to.deep.equal([notificationFor({ ...found!, change: 'new' }, TOPIC)]);
      expect(first.report.changes).to.deep.equal([{ change: 'new', finding: { ...found!, change: 'new' } }]);

      const second = await sweep(1);
      expect(second.report.findings).to.have.length(1);
      expect(second.published).to.deep.equal([]);
      expect(second.report.changes).to.deep.equal([]);

      privatize();
      const third = await sweep(2);
      expect(third.report.findings).to.deep.equal([]);
      expect(third.published).to.deep.equal([
        notificationFor({ ...second.report.findings[0]!, change: 'resolved' }, TOPIC),
      ]);
      expect(third.published[0]!.Subject).to.equal(
        '[HIGH] sqs.public resolved: ...eu-west-1.amazonaws.com/111111111111/orders (111111111111 eu-west-1)',
      );
      expect((await sweep(3)).published).to.deep.equal([]);
      expect(store.items.get(found!.id)).to.deep.include({
        status: 'resolved',
        resolvedAt: at(2).toISOString(),
        expiresAt: Math.floor(at(2).getTime() / 1000) + 90 * 86_400,
        version: 3,
      });
    });

    it("with notify 'all', every sweep publishes every finding, and the resolution", async () => {
      const { sweep, privatize } = sweeper('all');
      const first = await sweep(0);
      const second = await sweep(1);
      privatize();
      const third = await sweep(2);
      expect(first.published).to.deep.equal([
        notificationFor({ ...first.report.findings[0]!, change: 'new' }, TOPIC),
      ]);
      // Nothing changed: the finding is published as it is, without a change.
      expect(second.published).to.deep.equal([notificationFor(second.report.findings[0]!, TOPIC)]);
      expect(second.published[0]!.MessageAttributes).to.not.have.property('change');
      expect(third.published).to.deep.equal([
        notificationFor({ ...second.report.findings[0]!, change: 'resolved' }, TOPIC),
      ]);
    });

    it('resolves the findings of a resource that is gone, once, kept for retentionDays', async () => {
      const { sweep, store, remove } = sweeper('changes', 7);
      const first = await sweep(0);
      remove();
      const gone = await sweep(1);
      expect(gone.report.gone).to.equal(true);
      expect(gone.published).to.deep.equal([
        notificationFor({ ...first.report.findings[0]!, change: 'resolved' }, TOPIC),
      ]);
      expect((await sweep(2)).published).to.deep.equal([]);
      expect(store.items.get(first.report.findings[0]!.id)).to.deep.include({
        status: 'resolved',
        expiresAt: Math.floor(at(1).getTime() / 1000) + 7 * 86_400,
      });
    });
  });
});
