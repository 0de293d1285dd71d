import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity's columns as a SELECT list (`alias.column`, by database name), for rows that
 * `entityFromRow` turns into the entity: for plain statements sent together (queryTogether)
 * where TypeORM's find would cost a round trip each.
 */
export function entityColumns(manager: EntityManager, target: EntityTarget<ObjectLiteral>, alias: string): string {
  return manager.connection.getMetadata(target).columns.map((column) => `${alias}."${column.databaseName}"`).join(', ');
}

/** The entity a row of `entityColumns` stands for, each value converted as TypeORM's find converts it. */
export function entityFromRow<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, row: Record<string, unknown>): T {
  const metadata = manager.connection.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) column.setEntityValue(entity, manager.connection.driver.prepareHydratedValue(row[column.databaseName], column));
  return entity;
}
