import type { ApiPropertyOptions, SchemaObject } from '@nestjs/swagger';
import { StepFieldSpec, StepTypeSpec } from './step-catalogue';
import { JOURNAL_STEP_TYPES } from './step-types';

/**
 * The OpenAPI schema of a field, as `fieldValueProblem` (steps/step-rules.ts) checks it. A field
 * fed by a list of the jurisdiction pack lists no codes here — the installation's pack decides
 * them; GET /step-types gives them.
 */
function fieldSchema(field: StepFieldSpec): SchemaObject {
  const fromPack = field.valuesFrom ? ` (a code of the jurisdiction pack's ${field.valuesFrom}: GET /step-types lists them)` : '';
  const codes = field.valuesFrom ? {} : { enum: [...(field.values ?? [])] };
  const description = `${field.description}${fromPack}`;
  switch (field.type) {
    case 'string':
      return { type: 'string', minLength: 1, ...(field.maxLength ? { maxLength: field.maxLength } : {}), description };
    case 'integer':
      return { type: 'integer', ...(field.min !== undefined ? { minimum: field.min } : {}), ...(field.max !== undefined ? { maximum: field.max } : {}), description };
    case 'boolean':
      return { type: 'boolean', description };
    case 'date':
      return { type: 'string', format: 'date', description: field.notPast ? `${description}; not before the day it is recorded` : description };
    case 'datetime':
      return { type: 'string', format: 'date-time', description };
    case 'enum':
      return { type: 'string', ...codes, description };
    case 'codes':
      return { type: 'array', items: { type: 'string', ...codes }, uniqueItems: true, ...(field.maxItems !== undefined ? { maxItems: field.maxItems } : {}), description };
  }
}

/** The schema of one step type's `details`: its catalogue fields, the required ones required, no others. */
export function stepDetailsSchema(spec: StepTypeSpec): SchemaObject {
  const required = spec.fields.filter((field) => field.required).map((field) => field.name);
  return {
    title: spec.code,
    description: `details of a ${spec.code} step (${spec.title})`,
    type: 'object',
    properties: Object.fromEntries(spec.fields.map((field) => [field.name, fieldSchema(field)])),
    ...(required.length ? { required } : {}),
    additionalProperties: false,
  };
}

/**
 * A step's `details` typed per step type, generated from the step-type catalogue: one schema
 * per type, titled with its code; the step's `stepType` says which one applies (OpenAPI 3.0
 * cannot select a property's schema by a sibling's value, hence `anyOf`). Cross-field rules
 * (e.g. a sentence's term unless a fine) are in the descriptions of GET /step-types, not here.
 */
export function stepDetailsSchemas(description: string, types = JOURNAL_STEP_TYPES): ApiPropertyOptions & SchemaObject {
  return { type: 'object', description: `${description}. Its schema is the one titled with the step's stepType.`, anyOf: types.all.map(stepDetailsSchema) } as ApiPropertyOptions & SchemaObject;
}
