import { FieldProblem, StepDetailsV1 } from '@icjims/contracts';
import { StepFieldSpec, StepTypeSpec } from '../step-types/step-catalogue';

/** A step's type-specific fields: scalars, and lists of codes (`codes` fields). */
export type StepDetails = StepDetailsV1;

/** How far a client clock may run ahead of ours before a time counts as "in the future". */
const CLOCK_SKEW_MS = 2 * 60 * 1000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** An instant with an explicit offset, so that it means the same moment in every time zone. */
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A YYYY-MM-DD string naming a day the calendar has (Date.parse would roll 02-30 over to 03-02). */
function isCalendarDate(value: string): boolean {
  const parsed = new Date(`${value}T00:00:00Z`);
  return ISO_DATE.test(value) && !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

function isInstant(value: string): boolean {
  return ISO_DATETIME.test(value) && isCalendarDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value));
}

/** What is wrong with a value for a field ("must be …"), or undefined when it fits. */
export function fieldValueProblem(field: StepFieldSpec, value: unknown): string | undefined {
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
      return typeof value === 'string' && isCalendarDate(value) ? undefined : 'must be a date (YYYY-MM-DD)';
    case 'datetime':
      return typeof value === 'string' && isInstant(value) ? undefined : 'must be a date-time with an offset (e.g. 2026-11-23T09:30:00Z)';
    case 'enum':
      return typeof value === 'string' && field.values?.includes(value) ? undefined : `must be one of: ${field.values?.join(', ')}`;
    case 'codes':
      return codesProblem(field, value);
  }
}

/** A list of distinct codes of the field's values, at most maxItems of them; names the first bad code. */
function codesProblem(field: StepFieldSpec, value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'must be an array of codes';
  if (field.maxItems !== undefined && value.length > field.maxItems) return `must hold at most ${field.maxItems} codes`;
  const seen = new Set<unknown>();
  for (const code of value) {
    if (typeof code !== 'string') return 'must hold codes (strings) only';
    if (!field.values?.includes(code)) return `holds the unknown code ${code.slice(0, 64)} (codes: ${field.values?.join(', ')})`;
    if (seen.has(code)) return `holds the code ${code} twice`;
    seen.add(code);
  }
  return undefined;
}

/** Rules that tie two fields of one step type together. */
const CROSS_FIELD_RULES: ReadonlyArray<{ code: string; field: string; broken: (details: Record<string, unknown>) => boolean; reason: string }> = [
  {
    code: 'sentence',
    field: 'termMonths',
    broken: (details) => details.sentenceType !== undefined && details.sentenceType !== 'fine' && details.termMonths === undefined,
    reason: 'details.termMonths is required for every sentence type except a fine',
  },
  {
    code: 'sentence',
    field: 'fineAmount',
    broken: (details) => details.fineAmount !== undefined && details.sentenceType !== 'fine',
    reason: 'details.fineAmount is only for a fine',
  },
  {
    code: 'sentence',
    field: 'communityWorkHours',
    broken: (details) => details.communityWorkHours !== undefined && details.sentenceType !== 'community_work',
    reason: 'details.communityWorkHours is only for community work',
  },
  {
    code: 'preventive_measure_changed',
    field: 'newMeasure',
    broken: (details) => details.newMeasure !== undefined && details.newMeasure === details.measure,
    reason: 'details.newMeasure must differ from details.measure',
  },
];

/** Checks a step's type-specific fields against its catalogue entry; unknown fields are refused. */
export function detailProblems(spec: StepTypeSpec, details: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of spec.fields) {
    const value = details[field.name];
    if (value === undefined || value === null) {
      if (field.required) problems.push({ field: `details.${field.name}`, reason: `details.${field.name} is required for ${spec.code}` });
      continue;
    }
    const problem = fieldValueProblem(field, value);
    if (problem) problems.push({ field: `details.${field.name}`, reason: `details.${field.name} ${problem}` });
  }
  for (const name of Object.keys(details)) {
    if (!spec.fields.some((field) => field.name === name)) {
      problems.push({ field: `details.${name}`, reason: `details.${name} is not a field of ${spec.code}` });
    }
  }
  for (const rule of CROSS_FIELD_RULES) {
    if (rule.code === spec.code && rule.broken(details)) problems.push({ field: `details.${rule.field}`, reason: rule.reason });
  }
  return problems;
}

/**
 * What depends on the day a step is recorded, so is checked then and never on replay: a date
 * field marked `notPast` (a due date) must not be before `today` (YYYY-MM-DD in the pack's zone).
 */
export function recordingProblems(spec: StepTypeSpec, details: Record<string, unknown>, today: string): FieldProblem[] {
  return spec.fields
    .filter((field) => field.notPast && typeof details[field.name] === 'string' && (details[field.name] as string) < today)
    .map((field) => ({ field: `details.${field.name}`, reason: `details.${field.name} must not be in the past (today is ${today})` }));
}

/** A step happened after the report was received and not in the future. */
export function occurredAtProblems(occurredAt: Date, receivedAt: Date, now: Date): FieldProblem[] {
  if (occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) return [{ field: 'occurredAt', reason: 'occurredAt must not be in the future' }];
  if (occurredAt.getTime() < receivedAt.getTime()) {
    return [{ field: 'occurredAt', reason: 'occurredAt must not be before the report of the crime was received' }];
  }
  return [];
}

/** The person a step concerns: required on person-level steps, refused on case-level ones. */
export function personProblems(spec: StepTypeSpec, personId: string | undefined): FieldProblem[] {
  if (spec.level === 'case' && personId) return [{ field: 'personId', reason: `${spec.code} concerns the whole case, not a person` }];
  if (spec.level === 'person' && !personId) return [{ field: 'personId', reason: `${spec.code} concerns one person in the case: personId is required` }];
  return [];
}
