import { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';

type ModuleEntry = Type<unknown> | DynamicModule | ForwardReference | Promise<DynamicModule>;

/**
 * The event types a module's `@EventPattern` methods handle — its controllers' and those of the
 * modules it imports — read from their decorators, without starting anything (for the
 * AsyncAPI documents; the running service learns the same from Nest).
 */
export function handledEventTypes(module: Type<unknown>): string[] {
  const types = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (entry: ModuleEntry | undefined): void => {
    if (!entry || entry instanceof Promise) return;
    const resolved = 'forwardRef' in entry ? (entry.forwardRef() as ModuleEntry) : entry;
    const moduleClass = 'module' in resolved ? resolved.module : (resolved as Type<unknown>);
    if (seen.has(resolved)) return;
    seen.add(resolved);
    const dynamic = 'module' in resolved ? resolved : undefined;
    const controllers: Type<unknown>[] = [...(Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, moduleClass) ?? []), ...(dynamic?.controllers ?? [])];
    for (const controller of controllers) {
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const method = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value as object | undefined;
        const patterns: unknown[] = (method && Reflect.getMetadata(PATTERN_METADATA, method)) ?? [];
        for (const pattern of patterns) if (typeof pattern === 'string') types.add(pattern);
      }
    }
    for (const imported of [...(Reflect.getMetadata(MODULE_METADATA.IMPORTS, moduleClass) ?? []), ...(dynamic?.imports ?? [])]) visit(imported as ModuleEntry);
  };
  visit(module);
  return [...types];
}
