import { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { TypeOrmModule } from '@nestjs/typeorm';

/* eslint-disable @typescript-eslint/no-unsafe-function-type -- TypeORM lists entities as classes */
type ModuleImport = Type<unknown> | DynamicModule | ForwardReference | Promise<DynamicModule>;

/** What @nestjs/typeorm puts on each repository provider of `forFeature` (typeorm.providers.js): the entity's table metadata. */
interface RepositoryProvider {
  targetEntitySchema?: { target: Function | string };
}

/**
 * The entities a service's module tree declares with `TypeOrmModule.forFeature`, each once, in
 * the order met. Each service lists its entities only where its code uses them; the platform
 * builds the service's DataSource — before Nest assembles the module, since the relay, the
 * consumer and the installation record need it first — with these. @nestjs/typeorm's own
 * `autoLoadEntities` cannot serve: it adds entities only to a DataSource it creates, and it
 * collects them per process, so with every service in one process each would get all of them.
 */
export function featureEntities(root: Type<unknown>): Function[] {
  const entities = new Set<Function>();
  const seen = new Set<unknown>();
  const visit = (node: ModuleImport) => {
    if (seen.has(node)) return;
    seen.add(node);
    if (node instanceof Promise) throw new Error('an asynchronous module import cannot be searched for TypeORM entities: import the module itself');
    if ('forwardRef' in node) return visit(node.forwardRef() as ModuleImport);
    if ('module' in node) {
      if (node.module === TypeOrmModule) for (const provider of (node.providers ?? []) as RepositoryProvider[]) entities.add(entityOf(provider));
      for (const child of node.imports ?? []) visit(child);
      return visit(node.module);
    }
    for (const child of (Reflect.getMetadata(MODULE_METADATA.IMPORTS, node) ?? []) as ModuleImport[]) visit(child);
  };
  visit(root);
  return [...entities];
}

function entityOf(provider: RepositoryProvider): Function {
  const target = provider.targetEntitySchema?.target;
  if (typeof target !== 'function') throw new Error('a TypeOrmModule.forFeature provider names no entity class (has @nestjs/typeorm changed?)');
  return target;
}
/* eslint-enable @typescript-eslint/no-unsafe-function-type */
