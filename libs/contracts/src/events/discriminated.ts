import type { DataClass } from './cloud-event';

/** A property whose class depends on another property's value (an entry's `details` by its `entryType`). */
export interface Discriminated {
  property: string;
  discriminator: string;
  classes: Readonly<Record<string, DataClass<object>>>;
}

const DISCRIMINATED = new Map<Function, Discriminated>(); // eslint-disable-line @typescript-eslint/no-unsafe-function-type -- keyed by data class

/**
 * Declares that `property` of `target` has the class `classes[value of discriminator]`, so that the
 * generated JSON Schema types it per value (eventDataSchemas). Documentation only: it adds no
 * validation to validateEventData.
 */
export function typedBy(target: DataClass<object>, discriminated: Discriminated): void {
  DISCRIMINATED.set(target, discriminated);
}

export function discriminatedOf(target: Function): Discriminated | undefined { // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  return DISCRIMINATED.get(target);
}
