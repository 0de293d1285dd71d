import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity's columns as a SELECT list (`alias.column`, by database name), for rows that
 * `entityFromRow` turns into the entity: for plain statements sent together (queryTogether)
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

/** The entity a row of `entityColumns` stands for, each value converted as TypeORM's find converts it. */
export function entityFromRow<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const metadata = manager.connection.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) column.setEntityValue(entity, manager.connection.driver.prepareHydratedValue(row[column.databaseName], column));
  return entity;
}
