import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

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
