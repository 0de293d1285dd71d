import { Column, CreateDateColumn, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { entitiesFromRows, entityColumns, entityInsert } from './entity-rows';
import { freshName } from './persistence.fixtures';

const table = freshName('t_entity_rows');

@Entity({ name: table })
class Sample {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'given_name', type: 'text' }) givenName: string;
  @Column({ name: 'born_on', type: 'date', nullable: true }) bornOn: string | null;
  @Column({ name: 'seen_at', type: 'timestamptz', nullable: true }) seenAt: Date | null;
  @Column({ type: 'boolean', nullable: true }) flag: boolean | null;
  @Column({ type: 'int' }) count: number;
  @Column({ type: 'bigint' }) big: string;
  @Column({ type: 'jsonb', nullable: true }) details: Record<string, unknown> | null;
  @Column({ name: 'tags', type: 'text', array: true }) tags: string[];
  @Column({ type: 'text', transformer: { to: (value: string) => `${value}!`, from: (value: string) => value?.toUpperCase() } }) shouted: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** Rows read by plain SQL become the entities TypeORM's own find returns for them. */
describe('entityColumns, entitiesFromRows and entityInsert', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource({ type: 'postgres', url: process.env.TEST_POSTGRES_URL as string, entities: [Sample], extra: { max: 1 } });
    await dataSource.initialize();
    await dataSource.query(
      `CREATE TABLE ${table} (id uuid PRIMARY KEY, given_name text NOT NULL, born_on date, seen_at timestamptz, flag boolean, count int NOT NULL, big bigint NOT NULL,
         details jsonb, tags text[] NOT NULL, shouted text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    await dataSource.query(
      `INSERT INTO ${table} (id, given_name, born_on, seen_at, flag, count, big, details, tags, shouted) VALUES
         ('00000000-0000-4000-8000-000000000001', 'Aibek', '1990-02-03', '2026-11-20T10:00:00.123Z', true, 7, 9007199254740993, '{"a": [1, "b"]}', '{x,"y z"}', 'quiet'),
         ('00000000-0000-4000-8000-000000000002', 'Нурлан', NULL, NULL, NULL, 0, -1, NULL, '{}', '')`,
    );
  });
  afterAll(async () => {
    await dataSource.query(`DROP TABLE ${table}`);
    await dataSource.destroy();
  });

  it('gives every column its value as find does: dates, timestamps, booleans, numbers, bigint, jsonb, arrays, NULLs and transformers', async () => {
    const manager = dataSource.manager;
    const rows: Record<string, unknown>[] = await manager.query(`SELECT ${entityColumns(manager, Sample, 's')} FROM ${table} s ORDER BY s.id`);
    const found = await manager.find(Sample, { order: { id: 'ASC' } });
    const made = entitiesFromRows(manager, Sample, rows);
    expect(made).toEqual(found);
    expect(made[0]).toBeInstanceOf(Sample);
    expect(found[0]).toMatchObject({ shouted: 'QUIET', big: '9007199254740993', bornOn: '1990-02-03', tags: ['x', 'y z'] });
  });

  it('writes a row as TypeORM’s insert writes it, leaving the creation time to the database', async () => {
    const manager = dataSource.manager;
    const values = { givenName: 'Айгүл', bornOn: '2001-12-31', seenAt: new Date('2026-11-20T10:00:00.123Z'), flag: false, count: 3, big: '12', details: { nested: ['x', 1, null] }, tags: ['a,b', '"q"'], shouted: 'low' };
    const [viaInsert, viaTypeorm] = ['00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000004'];
    const { text, values: parameters } = entityInsert(manager, Sample, manager.create(Sample, { id: viaInsert, ...values }));
    await manager.query(text, [...(parameters ?? [])]);
    await manager.insert(Sample, { id: viaTypeorm, ...values });
    const [one, other] = await manager.find(Sample, { where: [{ id: viaInsert }, { id: viaTypeorm }], order: { id: 'ASC' } });
    const { id: _one, createdAt: created, ...written } = one;
    const { id: _other, createdAt: _created, ...expected } = other;
    expect(written).toEqual(expected);
    expect(written).toMatchObject({ shouted: 'LOW!', details: { nested: ['x', 1, null] }, tags: ['a,b', '"q"'] });
    expect(created).toBeInstanceOf(Date);
  });
});
