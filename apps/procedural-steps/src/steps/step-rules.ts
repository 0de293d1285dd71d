import { FieldProblem } from '@icjims/contracts';
import { StepFieldSpec, StepTypeSpec } from '../step-types/step-catalogue';

export type StepDetails = Record<string, string | number | boolean>;

/** How far a client clock may run ahead of ours before a time counts as "in the future". */
const CLOCK_SKEW_MS = 2 * 60 * 1000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function fieldProblem(field: StepFieldSpec, value: unknown): string | undefined {
  switch (field.type) {
    case 'string':
      if (typeof value !== 'string' || value.length === 0) return 'must be a non-empty string';
      if (field.maxLength && value.length > field.maxLength) return `must be at most ${field.maxLength} characters`;
      return undefined;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be an integer';
      if (field.min !== undefined && value < field.min) return `must be at least ${field.min}`;
      if (field.max !== undefined && value > field.max) return `must be at most ${field.max}`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be a boolean';
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : 'must be a date (YYYY-MM-DD)';
    case 'enum':
      return typeof value === 'string' && field.values?.includes(value) ? undefined : `must be one of: ${field.values?.join(', ')}`;
  }
}

/** Checks a step's type-specific fields against its catalogue entry; unknown fields are refused. */
export function detailProblems(spec: StepTypeSpec, details: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of spec.fields) {
    const value = details[field.name];
    if (value === undefined || value === null) {
      if (field.required) problems.push({ field: `details.${field.name}`, reason: `details.${field.name} is required for ${spec.code}` });
      continue;
    }
    const problem = fieldProblem(field, value);
    if (problem) problems.push({ field: `details.${field.name}`, reason: `details.${field.name} ${problem}` });
  }
  for (const name of Object.keys(details)) {
    if (!spec.fields.some((field) => field.name === name)) {
      problems.push({ field: `details.${name}`, reason: `details.${name} is not a field of ${spec.code}` });
    }
  }
  if (spec.code === 'sentence' && details.sentenceType !== undefined && details.sentenceType !== 'fine' && details.termMonths === undefined) {
    problems.push({ field: 'details.termMonths', reason: 'details.termMonths is required for every sentence type except a fine' });
  }
  return problems;
}

/** A step happened after the report was received and not in the future. */
export function occurredAtProblems(occurredAt: Date, receivedAt: Date, now: Date): FieldProblem[] {
  if (occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) return [{ field: 'occurredAt', reason: 'occurredAt must not be in the future' }];
  if (occurredAt.getTime() < receivedAt.getTime()) {
    return [{ field: 'occurredAt', reason: 'occurredAt must not be before the report of the crime was received' }];
  }
  return [];
}

/**
 * The person a step concerns: refused on case-level steps. Optional on person-level steps
 * until case-registry keeps persons (the next issue), when it becomes required.
 */
export function personProblems(spec: StepTypeSpec, personId: string | undefined): FieldProblem[] {
  if (spec.level === 'case' && personId) return [{ field: 'personId', reason: `${spec.code} concerns the whole case, not a person` }];
  return [];
}
