import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Statement } from './pipelining-client';

/**
 * An entity's columns as a SELECT list (`alias.column`, by database name), for rows that
 * `entitiesFromRows` turns into entities: for plain statements sent together (queryTogether)
 * where TypeORM's find would cost a round trip each.
 */
export function entityColumns(manager: EntityManager, target: EntityTarget<ObjectLiteral>, alias: string): string {
  const metadata = manager.connection.getMetadata(target);
  const lists = selectLists.get(metadata) ?? new Map<string, string>();
  selectLists.set(metadata, lists);
  let list = lists.get(alias);
  if (list === undefined) lists.set(alias, (list = metadata.columns.map((column) => `${alias}."${column.databaseName}"`).join(', ')));
  return list;
}

/** The SELECT lists made, per entity and alias: the same on every request. */
const selectLists = new WeakMap<object, Map<string, string>>();

/** The entities rows of `entityColumns` stand for, each value converted as TypeORM's find converts it. */
export function entitiesFromRows<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: readonly unknown[]): T[] {
  const { driver } = manager.connection;
  const metadata = manager.connection.getMetadata(target);
  return rows.map((row) => {
    const entity = metadata.create() as T;
    for (const column of metadata.columns) column.setEntityValue(entity, driver.prepareHydratedValue((row as Record<string, unknown>)[column.databaseName], column));
    return entity;
  });
}

/**
 * The INSERT of an entity's row: every column but those the database fills on creation
 * (@CreateDateColumn), values as TypeORM would write them. For a row whose answer is not needed
 * (sendWithNext), where TypeORM's insert would build its query and read the filled columns back.
 */
export function entityInsert<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, entity: T): Statement {
  const metadata = manager.connection.getMetadata(target);
  let insert = inserts.get(metadata);
  if (!insert) {
    const columns = metadata.columns.filter((column) => !column.isCreateDate);
    const text = `INSERT INTO ${metadata.tablePath} (${columns.map((column) => `"${column.databaseName}"`).join(', ')}) VALUES (${columns.map((_column, index) => `$${index + 1}`).join(', ')})`;
    inserts.set(metadata, (insert = { text, columns }));
  }
  const { driver } = manager.connection;
  return { text: insert.text, values: insert.columns.map((column) => driver.preparePersistentValue(column.getEntityValue(entity), column)) };
}

/** The INSERT made per entity: the same on every request. */
const inserts = new WeakMap<object, { text: string; columns: ReturnType<EntityManager['connection']['getMetadata']>['columns'] }>();
