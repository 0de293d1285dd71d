import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { validationMetadataArrayToSchemas } from 'class-validator-jsonschema';
import { EVENT_DEFINITIONS } from './catalogue';
import { EventDefinition } from './cloud-event';
import { discriminatedOf } from './discriminated';

/** A JSON Schema (draft-07, the dialect AsyncAPI 3.0 schemas extend). */
export type JsonSchema = Record<string, unknown>;

/** Where the data schemas live in the documents that carry them (AsyncAPI and OpenAPI components alike). */
export const SCHEMA_REF_PREFIX = '#/components/schemas/';

/** The name of an event's data schema: its data class's name (e.g. `CaseRegisteredV1`). */
export function dataSchemaName(definition: EventDefinition<object>): string {
  return definition.dataClass.name;
}

// `@IsDateString` accepts any ISO 8601 date or date-time (e.g. a probation term's `startsOn`).
const CONVERTERS = { isDateString: { type: 'string' as const, anyOf: [{ format: 'date-time' }, { format: 'date' }] } };

/**
 * The JSON Schema of every event type's data and of the classes nested in it, keyed by class
 * name, derived from the same class-validator decorators `validateEventData` checks, so that
 * the schemas and the validation cannot drift apart. Nested objects are `$ref`s into the same
 * map (`#/components/schemas/<class>`). Properties a class does not declare are allowed, as
 * consumers allow them (additive changes keep a version).
 */
export function eventDataSchemas(definitions: readonly EventDefinition<object>[] = EVENT_DEFINITIONS): Record<string, JsonSchema> {
  const storage = getMetadataStorage();
  const classes = new Map<string, Function>(); // eslint-disable-line @typescript-eslint/no-unsafe-function-type -- class-validator's targets
  const metadatas: ValidationMetadata[] = [];
  const visit = (target: Function): void => { // eslint-disable-line @typescript-eslint/no-unsafe-function-type
    const known = classes.get(target.name);
    if (known === target) return;
    if (known) throw new Error(`two event data classes are named ${target.name}: their schemas would collide`);
    classes.set(target.name, target);
    for (const meta of storage.getTargetValidationMetadatas(target, '', true, false)) {
      // A custom validator's name (isDateString …) is what the converters are keyed by.
      const constraint = meta.constraintCls ? storage.getTargetValidatorConstraints(meta.constraintCls)[0] : undefined;
      metadatas.push(constraint ? ({ ...meta, type: constraint.name } as ValidationMetadata) : meta);
      if (meta.type === ValidationTypes.NESTED_VALIDATION) {
        const nested = defaultMetadataStorage.findTypeMetadata(target, meta.propertyName)?.typeFunction();
        if (typeof nested === 'function') visit(nested);
      }
    }
  };
  for (const definition of definitions) visit(definition.dataClass);
  for (const target of [...classes.values()]) for (const type of Object.values(discriminatedOf(target)?.classes ?? {})) visit(type);
  const schemas = validationMetadataArrayToSchemas(metadatas, {
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: SCHEMA_REF_PREFIX,
    additionalConverters: CONVERTERS,
  }) as Record<string, JsonSchema>;
  for (const target of classes.values()) {
    const discriminated = discriminatedOf(target);
    if (discriminated) schemas[target.name] = { ...schemas[target.name], allOf: typedPerValue(discriminated.property, discriminated.discriminator, discriminated.classes) };
  }
  return schemas;
}

/** `property` typed by the value of `discriminator`: one if/then per value (draft-07). */
function typedPerValue(property: string, discriminator: string, classes: Readonly<Record<string, Function>>): JsonSchema[] { // eslint-disable-line @typescript-eslint/no-unsafe-function-type
  return Object.entries(classes).map(([value, type]) => ({
    if: { properties: { [discriminator]: { const: value } }, required: [discriminator] },
    then: { properties: { [property]: { $ref: `${SCHEMA_REF_PREFIX}${type.name}` } } },
  }));
}
