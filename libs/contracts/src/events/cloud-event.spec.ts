import { randomUUID } from 'node:crypto';
import { AccessRecorded } from './access.events';
import { CaseRegistered, CaseRegisteredV1 } from './case-registry.events';
import { CloudEvent, defineEvent, EventSchemaError, parseCloudEvent, validateEventData } from './cloud-event';
import { deadLetterTopic, eventTopic } from './services';
import { StepCorrected, StepRecorded, StepRecordedV1 } from './procedural-steps.events';

function caseRegisteredData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    caseId: randomUUID(),
    caseNumber: 'EE-37-2026-000001',
    region: 'EE-37',
    offence: { article: '199-1', iccsCode: '0502', severity: 'medium' },
    receivedAt: '2026-11-20T09:00:00.000Z',
    registeredAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}

function envelope(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: '/icjims/case-registry',
    type: CaseRegistered.type,
    subject: randomUUID(),
    time: '2026-11-20T10:00:01.000Z',
    datacontenttype: 'application/json',
    correlationid: 'req-1',
    data: caseRegisteredData(),
    ...overrides,
  };
}

function schemaErrorOf(work: () => unknown): EventSchemaError {
  let caught: unknown;
  try {
    work();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(EventSchemaError);
  return caught as EventSchemaError;
}

describe('defineEvent', () => {
  it('names the type icjims.<service>.<name>.v<version>', () => {
    expect(CaseRegistered.type).toBe('icjims.case-registry.case.registered.v1');
    expect(defineEvent('probation', 'probation-case.closed', 2, CaseRegisteredV1).type).toBe('icjims.probation.probation-case.closed.v2');
  });

  it('routes each service to one events topic and one dead-letter topic', () => {
    expect(eventTopic('procedural-steps')).toBe('icjims.procedural-steps.events');
    expect(deadLetterTopic('analytics')).toBe('icjims.analytics.dead-letter');
  });
});

describe('parseCloudEvent', () => {
  it('returns a well-formed envelope as it is', () => {
    const sent = envelope();
    expect(parseCloudEvent(JSON.stringify(sent))).toEqual(sent);
  });

  it.each([
    ['an empty string', ''],
    ['truncated JSON', '{"specversion":"1.0",'],
    ['plain text', 'case registered'],
  ])('refuses %s as not JSON', (_scenario, value) => {
    expect(schemaErrorOf(() => parseCloudEvent(value)).message).toBe('message is not JSON');
  });

  it.each([
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"event"'],
  ])('refuses JSON %s as not an object', (_scenario, value) => {
    expect(schemaErrorOf(() => parseCloudEvent(value)).message).toBe('message is not a JSON object');
  });

  it('refuses an array, listing every missing attribute', () => {
    const error = schemaErrorOf(() => parseCloudEvent('[]'));
    expect(error.problems).toContain('specversion must be "1.0"');
    expect(error.problems).toContain('id must be a non-empty string');
  });

  it.each([
    ['specversion 0.3', { specversion: '0.3' }, 'specversion must be "1.0"'],
    ['specversion as a number', { specversion: 1.0 }, 'specversion must be "1.0"'],
    ['no id', { id: undefined }, 'id must be a non-empty string'],
    ['an empty source', { source: '' }, 'source must be a non-empty string'],
    ['a numeric type', { type: 7 }, 'type must be a non-empty string'],
    ['no subject', { subject: undefined }, 'subject must be a non-empty string'],
    ['no time', { time: undefined }, 'time must be a non-empty string'],
    ['no correlation id', { correlationid: undefined }, 'correlationid must be a non-empty string'],
    ['no data', { data: undefined }, 'data must be an object'],
    ['null data', { data: null }, 'data must be an object'],
    ['string data', { data: 'caseId=1' }, 'data must be an object'],
  ])('refuses an envelope with %s', (_scenario, overrides, problem) => {
    const error = schemaErrorOf(() => parseCloudEvent(JSON.stringify(envelope(overrides))));
    expect(error.problems).toEqual([problem]);
    expect(error.message).toBe(`invalid CloudEvent envelope: ${problem}`);
  });

  it('lists every problem of an envelope at once', () => {
    const error = schemaErrorOf(() => parseCloudEvent(JSON.stringify({ specversion: '1.0', data: {} })));
    expect(error.problems).toHaveLength(6);
  });
});

describe('validateEventData', () => {
  function parsed(data: unknown): CloudEvent<unknown> {
    return parseCloudEvent(JSON.stringify(envelope({ data })));
  }

  it('returns the event with its data as an instance of the definition’s class', () => {
    const event = parsed(caseRegisteredData());
    const typed = validateEventData(CaseRegistered, event);
    expect(typed.data).toBeInstanceOf(CaseRegisteredV1);
    expect(typed.data).toEqual(expect.objectContaining({ region: 'EE-37', offence: expect.objectContaining({ iccsCode: '0502' }) }));
    expect(typed.id).toBe(event.id);
  });

  it('accepts data without its optional fields', () => {
    expect(() => validateEventData(CaseRegistered, parsed(caseRegisteredData({ registeredBy: undefined })))).not.toThrow();
  });

  it('tolerates fields it does not know yet (a newer producer)', () => {
    expect(() => validateEventData(CaseRegistered, parsed(caseRegisteredData({ priority: 'high' })))).not.toThrow();
  });

  it('names each offending field with its path', () => {
    const error = schemaErrorOf(() =>
      validateEventData(CaseRegistered, parsed(caseRegisteredData({ caseId: 'case-1', offence: { article: '199-1', iccsCode: '5', severity: 'Not a code!' } }))),
    );
    expect(error.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^caseId: /), expect.stringMatching(/^offence\.iccsCode: /), expect.stringMatching(/^offence\.severity: /)]),
    );
    expect(error.message).toMatch(/^invalid data for icjims\.case-registry\.case\.registered\.v1: /);
  });

  // class-validator's @ValidateNested() alone lets an undefined value through; the
  // required nested objects need @IsDefined as well.
  it('refuses a case.registered event without its offence', () => {
    const error = schemaErrorOf(() => validateEventData(CaseRegistered, parsed(caseRegisteredData({ offence: undefined }))));
    expect(error.problems.join('; ')).toMatch(/offence/);
  });

  it('refuses a step.corrected amendment without what the step now stands as, and takes an annulment without it', () => {
    const correction = {
      caseId: randomUUID(), region: 'EE-37', correctionStepId: randomUUID(), correctedStepId: randomUUID(), stepType: 'sentence', action: 'amend',
    };
    const error = schemaErrorOf(() => validateEventData(StepCorrected, parsed(correction)));
    expect(error.problems.join('; ')).toMatch(/standsAs/);
    expect(() => validateEventData(StepCorrected, parsed({ ...correction, action: 'annul' }))).not.toThrow();
  });

  it('refuses an access.recorded event without its actor', () => {
    const access: Record<string, unknown> = {
      service: 'case-registry',
      action: 'read',
      resourceType: 'case',
      outcome: 'allowed',
      status: 200,
      method: 'GET',
      route: '/api/v1/cases/:caseId',
      occurredAt: '2026-11-21T10:00:00.000Z',
    };
    const error = schemaErrorOf(() => validateEventData(AccessRecorded['case-registry'], parsed(access)));
    expect(error.problems.join('; ')).toMatch(/actor/);
  });

  it('accepts an access.recorded event with an anonymous actor', () => {
    const access: Record<string, unknown> = {
      service: 'case-registry',
      actor: { roles: [] },
      action: 'register',
      resourceType: 'case',
      outcome: 'denied',
      status: 401,
      method: 'POST',
      route: '/api/v1/cases',
      occurredAt: '2026-11-21T10:00:00.000Z',
    };
    expect(() => validateEventData(AccessRecorded['case-registry'], parsed(access))).not.toThrow();
  });

  it('refuses a nested object given as a string', () => {
    const error = schemaErrorOf(() => validateEventData(CaseRegistered, parsed(caseRegisteredData({ offence: '199-1' }))));
    expect(error.problems.join('; ')).toMatch(/offence/);
  });

  it('refuses a date that is not a date', () => {
    const error = schemaErrorOf(() => validateEventData(CaseRegistered, parsed(caseRegisteredData({ receivedAt: '2026-13-45' }))));
    expect(error.problems).toEqual([expect.stringMatching(/^receivedAt: /)]);
  });

  it('refuses a field longer than its limit', () => {
    const error = schemaErrorOf(() => validateEventData(CaseRegistered, parsed(caseRegisteredData({ region: 'R'.repeat(17) }))));
    expect(error.problems).toEqual([expect.stringMatching(/^region: /)]);
  });

  it('refuses an array where the data object should be', () => {
    schemaErrorOf(() => validateEventData(CaseRegistered, parsed([caseRegisteredData()])));
  });

  it('refuses the data of another event type', () => {
    const step: Record<string, unknown> = {
      stepId: randomUUID(),
      caseId: randomUUID(),
      region: 'EE-37',
      sequence: 1,
      stepType: 'suspicion',
      occurredAt: '2026-11-21T10:00:00.000Z',
      recordedAt: '2026-11-21T10:05:00.000Z',
      details: {},
    };
    expect(() => validateEventData(StepRecorded, parsed(step))).not.toThrow();
    schemaErrorOf(() => validateEventData(CaseRegistered, parsed(step)));
  });

  it('refuses a step whose sequence is not a positive integer', () => {
    const step: Partial<StepRecordedV1> = {
      stepId: randomUUID(),
      caseId: randomUUID(),
      region: 'EE-37',
      sequence: 0,
      stepType: 'suspicion',
      occurredAt: '2026-11-21T10:00:00.000Z',
      recordedAt: '2026-11-21T10:05:00.000Z',
      details: {},
    };
    const error = schemaErrorOf(() => validateEventData(StepRecorded, parsed(step)));
    expect(error.problems).toEqual([expect.stringMatching(/^sequence: /)]);
  });
});
