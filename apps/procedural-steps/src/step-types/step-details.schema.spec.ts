import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { detailProblems } from '../steps/step-rules';
import { stepDetailsSchema, stepDetailsSchemas } from './step-details.schema';
import { JOURNAL_STEP_TYPES } from './step-types';

const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
const spec = (code: string) => JOURNAL_STEP_TYPES.spec(code)!;

describe('the OpenAPI schema of a step’s details, per step type', () => {
  it('has one schema per step type of the catalogue, titled with its code', () => {
    const schemas = stepDetailsSchemas('fields').anyOf as { title: string }[];
    expect(schemas.map((schema) => schema.title)).toEqual(JOURNAL_STEP_TYPES.all.map((type) => type.code));
  });

  it('types each field as the journal checks it: required ones required, no others, codes of fixed lists listed', () => {
    const sentence = stepDetailsSchema(spec('sentence'));
    expect(sentence).toMatchObject({ type: 'object', additionalProperties: false, required: expect.arrayContaining(['sentenceType']) });
    expect(sentence.properties).toMatchObject({ sentenceType: { type: 'string', enum: expect.arrayContaining(['probation', 'fine']) }, termMonths: { type: 'integer' } });
    // A list the pack supplies names no codes: the installation's pack decides them.
    const obligations = (sentence.properties as Record<string, { type: string; items: Record<string, unknown> }>).obligations;
    expect(obligations).toMatchObject({ type: 'array', uniqueItems: true });
    expect(obligations.items.enum).toBeUndefined();
  });

  it('accepts what the journal accepts and refuses a field the step type lacks, a missing required one or a wrong type', () => {
    const details = { sentenceType: 'probation', termMonths: 24 };
    const validate = ajv.compile(stepDetailsSchema(spec('sentence')));
    expect([validate(details), detailProblems(spec('sentence'), details)]).toEqual([true, []]);
    for (const wrong of [{ ...details, colour: 'red' }, { termMonths: 24 }, { ...details, termMonths: 'two years' }]) {
      expect([wrong, validate(wrong)]).toEqual([wrong, false]);
      expect(detailProblems(spec('sentence'), wrong).length).toBeGreaterThan(0);
    }
  });
});
