import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { asyncApiSchemaValidator } from '../testing/spec-validators';
import * as contracts from '../index';
import { asyncApiDocument, EventParticipant } from './asyncapi';
import { EVENT_DEFINITIONS } from './catalogue';
import { CloudEvent, EventDefinition, EventSchemaError, validateEventData } from './cloud-event';
import { JsonSchema } from './event-schemas';
import { PROBATION_ENTRY_DETAILS, PROBATION_ENTRY_TYPES } from './probation.events';
import { SERVICE_NAMES } from './services';

const everyProducer: EventParticipant[] = SERVICE_NAMES.map((service) => ({
  service,
  produces: EVENT_DEFINITIONS.filter((definition) => definition.service === service),
  consumes: [],
}));
const document = asyncApiDocument({ title: 'ICJIMS events', version: '1.0', description: 'test' }, everyProducer);
const components = document.components as { messages: Record<string, { payload: JsonSchema }>; schemas: Record<string, JsonSchema> };

const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
/** Validates an event against its message's payload schema (the envelope and the type's data schema). */
function payloadValidator(type: string) {
  return ajv.compile({ ...components.messages[type].payload, components: { schemas: components.schemas } });
}

/** The sample events of docs/event-catalogue.md (every ```json block that is an event). */
function catalogueSamples(): CloudEvent<unknown>[] {
  const text = readFileSync(join(__dirname, '../../../../docs/event-catalogue.md'), 'utf8');
  return [...text.matchAll(/```json\n([\s\S]*?)\n```/g)]
    .map((match) => JSON.parse(match[1]) as CloudEvent<unknown>)
    .filter((sample) => sample.specversion === '1.0');
}

const definitionOf = (type: string) => EVENT_DEFINITIONS.find((definition) => definition.type === type) as EventDefinition<object>;
const accepts = (definition: EventDefinition<object>, event: CloudEvent<unknown>) => {
  try {
    validateEventData(definition, event);
    return true;
  } catch (error) {
    if (error instanceof EventSchemaError) return false;
    throw error;
  }
};

describe('the AsyncAPI document generated from the contract', () => {
  it('is a valid AsyncAPI 3.0 document by the specification’s own JSON Schema', () => {
    const validate = asyncApiSchemaValidator();
    const valid = validate(document);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(validate({ ...document, operations: { broken: { action: 'publish', channel: { $ref: '#/channels/nowhere' } } } })).toBe(false);
  });

  it('lists every event definition the library exports, each with a message on its producer’s topic', () => {
    const exported = Object.values(contracts).flatMap((value) => (isDefinition(value) ? [value] : isDefinitionRecord(value) ? Object.values(value) : []));
    expect(new Set(EVENT_DEFINITIONS)).toEqual(new Set(exported));
    for (const definition of EVENT_DEFINITIONS) {
      const message = components.messages[definition.type] as Record<string, unknown>;
      expect([definition.type, message['x-icjims-producer'], message['x-icjims-schema-version']]).toEqual([definition.type, definition.service, definition.version]);
      expect(components.schemas[definition.dataClass.name]).toMatchObject({ type: 'object', properties: expect.any(Object) });
    }
    const channels = document.channels as Record<string, { address: string; messages: Record<string, unknown> }>;
    expect(channels.proceduralStepsEvents).toMatchObject({ address: 'icjims.procedural-steps.events' });
    expect(Object.keys(channels.proceduralStepsEvents.messages)).toContain('icjims.procedural-steps.step.recorded.v1');
    expect(document.operations).toHaveProperty('auditSends');
  });

  it('describes nested data, optional fields and enumerations as the data classes validate them', () => {
    expect(components.schemas.CaseRegisteredV1).toMatchObject({
      required: expect.arrayContaining(['caseId', 'offence', 'receivedAt']),
      properties: { offence: { $ref: '#/components/schemas/OffenceClassification' }, caseId: { type: 'string', format: 'uuid' } },
    });
    expect((components.schemas.CaseRegisteredV1.required as string[]).includes('district')).toBe(false);
    // standsAs is required only for an amendment (ValidateIf): optional in the schema.
    expect(components.schemas.StepCorrectedV1.required).not.toContain('standsAs');
    expect(components.schemas.StepCorrectedV1).toMatchObject({ properties: { action: { enum: ['annul', 'amend'] } } });
    expect(components.schemas.PersonUnmergedV1).toMatchObject({ properties: { survivingRoles: { type: 'array', items: { $ref: '#/components/schemas/PersonRoleHeld' } } } });
  });

  it('types a probation entry’s details per entry type', () => {
    const schema = components.schemas.ProbationEntryRecordedV1 as { allOf: { if: JsonSchema; then: JsonSchema }[] };
    expect(schema.allOf.map((branch) => (branch.if.properties as Record<string, { const: string }>).entryType.const)).toEqual([...PROBATION_ENTRY_TYPES]);
    for (const type of PROBATION_ENTRY_TYPES) expect([type, components.schemas[PROBATION_ENTRY_DETAILS[type].name]]).toEqual([type, expect.objectContaining({ type: 'object' })]);
    const sample = catalogueSamples().find((event) => event.type === 'icjims.probation.probation-entry.recorded.v1') as CloudEvent<{ entryType: string; details: Record<string, unknown> }>;
    expect(sample.data.entryType).toBe('contact_recorded');
    const validate = payloadValidator(sample.type);
    expect(validate(sample)).toBe(true);
    expect(validate({ ...sample, data: { ...sample.data, details: { ...sample.data.details, outcome: 'maybe' } } })).toBe(false);
    expect(validate({ ...sample, data: { ...sample.data, details: { office: 'bishkek-1', officerId: 'officer-1', kind: 'initial' } } })).toBe(false);
    expect(validate({ ...sample, data: { ...sample.data, entryType: 'allocated', details: { office: 'bishkek-1', officerId: 'officer-1', kind: 'initial' } } })).toBe(true);
  });

  describe('the sample events of the event catalogue', () => {
    const samples = catalogueSamples();

    it('are there, and each names a type of the contract', () => {
      expect(samples.length).toBeGreaterThanOrEqual(5);
      for (const sample of samples) expect([sample.type, definitionOf(sample.type)]).toEqual([sample.type, expect.any(Object)]);
    });

    it.each(samples.map((sample) => [sample.type, sample] as const))('%s validates against its JSON Schema and its data class alike', (type, sample) => {
      const validate = payloadValidator(type);
      expect([validate(sample), validate.errors ?? []]).toEqual([true, []]);
      expect(accepts(definitionOf(type), sample)).toBe(true);
    });

    it.each(samples.map((sample) => [sample.type, sample] as const))('%s, broken, fails both the JSON Schema and the data class', (type, sample) => {
      const validate = payloadValidator(type);
      const data = sample.data as Record<string, unknown>;
      const required = (components.schemas[definitionOf(type).dataClass.name].required as string[])[0];
      const broken: CloudEvent<unknown>[] = [
        { ...sample, data: Object.fromEntries(Object.entries(data).filter(([key]) => key !== required)) },
        { ...sample, data: { ...data, [required]: 42 } },
      ];
      for (const event of broken) {
        expect([required, validate(event)]).toEqual([required, false]);
        expect([required, accepts(definitionOf(type), event)]).toEqual([required, false]);
      }
      expect(validate({ ...sample, type: 'icjims.case-registry.something-else.v1' })).toBe(false);
      expect(validate({ ...sample, specversion: '0.3' })).toBe(false);
    });
  });
});

function isDefinition(value: unknown): value is EventDefinition<object> {
  return typeof value === 'object' && value !== null && typeof (value as EventDefinition<object>).type === 'string' && typeof (value as EventDefinition<object>).dataClass === 'function';
}

function isDefinitionRecord(value: unknown): value is Record<string, EventDefinition<object>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).length > 0 && Object.values(value).every(isDefinition);
}
