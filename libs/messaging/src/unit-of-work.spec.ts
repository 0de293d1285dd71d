import { DataSource, EntityManager } from 'typeorm';
import { OutboxRelay } from './outbox/outbox-relay';
import { TransactionClaim, UnitOfWork } from './unit-of-work';

/** Notes which transactions carried it: `begin`/`end` with the transaction's number. */
class NotingClaim extends TransactionClaim {
  readonly notes: string[] = [];
  async begin(manager: EntityManager): Promise<void> {
    this.notes.push(`begin ${String(manager)}`);
  }
  async end(manager: EntityManager, result: unknown): Promise<void> {
    this.notes.push(`end ${String(manager)} ${String(result)}`);
  }
}

function unitOfWork(): UnitOfWork {
  let transactions = 0;
  // Each transaction's manager prints as its number; enough to tell them apart.
  const dataSource = { transaction: (work: (manager: EntityManager) => Promise<unknown>) => work(String(++transactions) as unknown as EntityManager) };
  return new UnitOfWork(dataSource as unknown as DataSource, { nudge: () => undefined } as unknown as OutboxRelay);
}

describe('UnitOfWork with a TransactionClaim', () => {
  it('lets the first run of the claim’s work carry it, and no later one', async () => {
    const work = unitOfWork();
    const claim = new NotingClaim();
    await claim.run(async () => {
      await work.run(async () => 'created');
      await work.run(async () => 'read');
    });
    expect(claim.notes).toEqual(['begin 1', 'end 1 created']);
    expect(claim.committed).toBe(true);
  });

  it('does not let a run nested in the carrying one carry it again', async () => {
    const work = unitOfWork();
    const claim = new NotingClaim();
    await claim.run(() => work.run(async () => work.run(async () => 'inner')));
    expect(claim.notes).toEqual(['begin 1', 'end 1 inner']);
  });

  it('lets the next run carry it after the carrying transaction failed', async () => {
    const work = unitOfWork();
    const claim = new NotingClaim();
    await claim.run(async () => {
      await expect(work.run(async () => Promise.reject(new Error('rolled back')))).rejects.toThrow('rolled back');
      expect(claim.committed).toBe(false);
      await work.run(async () => 'retried');
    });
    expect(claim.notes).toEqual(['begin 1', 'begin 2', 'end 2 retried']);
    expect(claim.committed).toBe(true);
  });

  it('is carried by no run once closed', async () => {
    const work = unitOfWork();
    const claim = new NotingClaim();
    claim.close();
    await claim.run(() => work.run(async () => 'created'));
    expect(claim.notes).toEqual([]);
    expect(claim.committed).toBe(false);
  });

  it('is carried by no run outside its work', async () => {
    const work = unitOfWork();
    const claim = new NotingClaim();
    await work.run(async () => 'elsewhere');
    expect(claim.notes).toEqual([]);
  });

  it('carries claims run one inside another together, the outer one’s statements first', async () => {
    const work = unitOfWork();
    const outer = new NotingClaim();
    const inner = new NotingClaim();
    const order: string[] = [];
    for (const [name, claim] of [['outer', outer], ['inner', inner]] as const) {
      const begin = claim.begin.bind(claim);
      claim.begin = async (manager) => {
        order.push(name);
        return begin(manager);
      };
    }
    await outer.run(() => inner.run(() => work.run(async () => 'created')));
    expect(order).toEqual(['outer', 'inner']);
    expect([outer.notes, inner.notes]).toEqual([
      ['begin 1', 'end 1 created'],
      ['begin 1', 'end 1 created'],
    ]);
    expect(outer.committed && inner.committed).toBe(true);
  });
});
