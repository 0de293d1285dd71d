import { PersonRemovedFromCase } from '@icjims/contracts';
import { cloudEvent, http, publishEvents, RunningServices } from '@icjims/testing';
import { addPerson, announceCase, at, journalWrites, startProceduralSteps } from '../procedural-steps.fixtures';
import { REFUSAL_CODES, RefusalCode } from './refusal';

/**
 * The legal order over HTTP: one or more representative refusals of each refusal code the
 * rules have, each answered as docs/procedural-journal.md says — 409 or 422 problem+json
 * whose detail ends with the rule's code in brackets, naming the field at fault — and each
 * leaving the journal, its events and its deadlines as they were.
 */
describe('the legal order over HTTP', () => {
  let services: RunningServices;
  let base: string;
  let prosecutor: string;

  beforeAll(async () => {
    services = await startProceduralSteps();
    base = `${services.urls['procedural-steps']}/api/v1`;
    prosecutor = await services.tokenFor('prosecutor', { region: 'KG-GB' });
  });
  afterAll(() => services.stop());

  const post = (caseId: string, body: object) => http('POST', `${base}/cases/${caseId}/steps`, { token: prosecutor, body });

  const written = (caseId: string) => journalWrites(services.db, caseId);

  // ---- a case in a given stage

  type Stage = 'registered' | 'under_investigation' | 'suspended' | 'in_court' | 'decided' | 'under_appeal' | 'terminated' | 'closed';

  interface CaseInStage {
    caseId: string;
    /** The persons of the case, in the order they were added. */
    persons: string[];
    /** Ids of the steps recorded so far, by name: 'registration', 'investigation_started', 'suspicion:0', 'indictment', 'verdict:1' … */
    steps: Record<string, string>;
    /** Records a further step under a name, failing the test if it is refused. */
    record(name: string, body: object): Promise<void>;
    /** Adds another person to the case (in case-registry) and returns their id. */
    addPerson(): Promise<string>;
  }

  /**
   * A case brought to `stage` by the shortest lawful journal: investigation started on the
   * 3rd, each person notified of suspicion on the 4th, then suspended or terminated on the
   * 6th, indicted on the 10th, each accused convicted on the 12th and sentenced on the 13th,
   * an appeal filed on the 14th, closed on the 15th.
   */
  async function caseIn(stage: Stage, options: { persons?: number; notified?: boolean } = {}): Promise<CaseInStage> {
    const caseId = await announceCase(services.bus);
    const persons: string[] = [];
    for (let i = 0; i < (options.persons ?? 1); i++) persons.push(await addPerson(services.bus, caseId));
    const registration = await services.db.query(`SELECT id FROM procedural_steps.steps WHERE case_id = $1 AND sequence = 1`, [caseId]);
    const steps: Record<string, string> = { registration: registration.rows[0].id };
    const record = async (name: string, body: object) => {
      const response = await post(caseId, body);
      if (response.status !== 201) throw new Error(`${stage} case, ${name}: ${response.status} ${JSON.stringify(response.body)}`);
      steps[name] = response.body.id;
    };
    const each = async (name: string, body: (personId: string, index: number) => object) => {
      for (const [index, personId] of persons.entries()) await record(`${name}:${index}`, body(personId, index));
    };

    if (stage !== 'registered') {
      await record('investigation_started', { stepType: 'investigation_started', occurredAt: at(3) });
      if (options.notified ?? true) await each('suspicion', (personId, i) => ({ stepType: 'suspicion_notified', occurredAt: at(4, 9 + i), personId, details: { offenceArticle: '209-1' } }));
    }
    if (stage === 'suspended') await record('proceedings_suspended', { stepType: 'proceedings_suspended', occurredAt: at(6), details: { ground: 'suspect_absconding' } });
    if (stage === 'terminated') await record('proceedings_terminated', { stepType: 'proceedings_terminated', occurredAt: at(6), details: { ground: 'death_of_suspect' } });
    if (['in_court', 'decided', 'under_appeal', 'closed'].includes(stage)) await record('indictment', { stepType: 'indictment', occurredAt: at(10) });
    if (['decided', 'under_appeal', 'closed'].includes(stage)) {
      await each('verdict', (personId, i) => ({ stepType: 'verdict', occurredAt: at(12, 9 + i), personId, details: { outcome: 'conviction' } }));
    }
    if (stage === 'under_appeal') await record('appeal_filed', { stepType: 'appeal_filed', occurredAt: at(14), details: { appellant: 'defence' } });
    if (stage === 'closed') {
      await each('sentence', (personId, i) => ({ stepType: 'sentence', occurredAt: at(13, 9 + i), personId, details: { sentenceType: 'fine', fineAmount: 500 } }));
      await record('case_closed', { stepType: 'case_closed', occurredAt: at(15) });
    }
    return {
      caseId,
      persons,
      steps,
      record,
      addPerson: async () => {
        const personId = await addPerson(services.bus, caseId);
        persons.push(personId);
        return personId;
      },
    };
  }

  // ---- the refusals

  interface Refusal {
    name: string;
    stage: Stage;
    options?: { persons?: number; notified?: boolean };
    /** Steps recorded (accepted) before the refused one. */
    given?: (c: CaseInStage) => Promise<void>;
    /** The step that must be refused. */
    step: (c: CaseInStage) => object;
    status: 409 | 422;
    code: RefusalCode;
    /** The request field the refusal names, when one is at fault. */
    field?: string;
  }

  const person = (c: CaseInStage, index = 0) => c.persons[index];
  const annul = (correctsStepId: string, occurredAt: string) => ({ stepType: 'correction', occurredAt, correction: { correctsStepId, action: 'annul', reason: 'recorded by mistake' } });
  const custodyApplied = (personId: string, occurredAt: string, until: string) => ({
    stepType: 'preventive_measure_applied', occurredAt, personId, details: { measure: 'custody', until },
  });

  const REFUSALS: Refusal[] = [
    // 409 case-finished: after closure only a correction; after termination only a resumption, a closure or a correction
    { name: 'a new investigation after closure', stage: 'closed', step: () => ({ stepType: 'investigation_started', occurredAt: at(16) }), status: 409, code: 'case-finished' },
    { name: 'a court hearing after closure', stage: 'closed', step: () => ({ stepType: 'court_hearing', occurredAt: at(16) }), status: 409, code: 'case-finished' },
    { name: 'an appeal after closure', stage: 'closed', step: () => ({ stepType: 'appeal_filed', occurredAt: at(16) }), status: 409, code: 'case-finished' },
    { name: 'a resumption after closure', stage: 'closed', step: () => ({ stepType: 'proceedings_resumed', occurredAt: at(16) }), status: 409, code: 'case-finished' },
    { name: 'a preventive measure after closure', stage: 'closed', step: (c) => custodyApplied(person(c), at(16), '2027-02-01T00:00:00Z'), status: 409, code: 'case-finished' },
    { name: 'a detention in terminated proceedings', stage: 'terminated', step: (c) => ({ stepType: 'detention', occurredAt: at(7), personId: person(c) }), status: 409, code: 'case-finished' },
    { name: 'an indictment in terminated proceedings', stage: 'terminated', step: () => ({ stepType: 'indictment', occurredAt: at(7) }), status: 409, code: 'case-finished' },

    // 409 already-done: the step already happened, or its result already holds
    {
      name: 'a second verdict for the same person while another accused awaits judgment',
      stage: 'in_court',
      options: { persons: 2 },
      given: (c) => c.record('verdict', { stepType: 'verdict', occurredAt: at(12), personId: person(c), details: { outcome: 'conviction' } }),
      step: (c) => ({ stepType: 'verdict', occurredAt: at(12, 11), personId: person(c), details: { outcome: 'acquittal' } }),
      status: 409,
      code: 'already-done',
    },
    { name: 'a release of a person who is not detained', stage: 'under_investigation', step: (c) => ({ stepType: 'release_from_detention', occurredAt: at(5), personId: person(c) }), status: 409, code: 'already-done' },
    { name: 'a second indictment', stage: 'in_court', step: () => ({ stepType: 'indictment', occurredAt: at(11) }), status: 409, code: 'already-done' },
    { name: 'a second start of the investigation', stage: 'under_investigation', step: () => ({ stepType: 'investigation_started', occurredAt: at(5) }), status: 409, code: 'already-done' },
    { name: 'a second notification of the same suspicion', stage: 'under_investigation', step: (c) => ({ stepType: 'suspicion_notified', occurredAt: at(5), personId: person(c), details: { offenceArticle: '209-1' } }), status: 409, code: 'already-done' },
    { name: 'a suspension of suspended proceedings', stage: 'suspended', step: () => ({ stepType: 'proceedings_suspended', occurredAt: at(7), details: { ground: 'other' } }), status: 409, code: 'already-done' },
    {
      name: 'a detention of a person already detained',
      stage: 'under_investigation',
      given: (c) => c.record('detention', { stepType: 'detention', occurredAt: at(5), personId: person(c) }),
      step: (c) => ({ stepType: 'detention', occurredAt: at(5, 12), personId: person(c) }),
      status: 409,
      code: 'already-done',
    },
    {
      name: 'a second plea agreement with the same person',
      stage: 'under_investigation',
      given: (c) => c.record('plea', { stepType: 'plea_agreement', occurredAt: at(5), personId: person(c) }),
      step: (c) => ({ stepType: 'plea_agreement', occurredAt: at(6), personId: person(c) }),
      status: 409,
      code: 'already-done',
    },
    {
      name: 'the lifting of a measure that is not running',
      stage: 'under_investigation',
      step: (c) => ({ stepType: 'preventive_measure_lifted', occurredAt: at(5), personId: person(c), details: { measure: 'travel_ban' } }),
      status: 409,
      code: 'already-done',
      field: 'details.measure',
    },
    {
      name: 'an annulment of a step already annulled',
      stage: 'under_investigation',
      given: async (c) => {
        await c.record('detention', { stepType: 'detention', occurredAt: at(5), personId: person(c) });
        await c.record('annulment', annul(c.steps.detention, at(5, 10)));
      },
      step: (c) => annul(c.steps.detention, at(5, 11)),
      status: 409,
      code: 'already-done',
      field: 'correction.correctsStepId',
    },

    // 422 wrong-stage: the case is not in a stage where the step belongs
    { name: 'an indictment before the investigation started', stage: 'registered', step: () => ({ stepType: 'indictment', occurredAt: at(3) }), status: 422, code: 'wrong-stage' },
    { name: 'a second verdict for the same person once the case is decided', stage: 'decided', step: (c) => ({ stepType: 'verdict', occurredAt: at(13), personId: person(c), details: { outcome: 'acquittal' } }), status: 422, code: 'wrong-stage' },
    { name: 'an appeal before the case is decided', stage: 'in_court', step: () => ({ stepType: 'appeal_filed', occurredAt: at(11) }), status: 422, code: 'wrong-stage' },
    { name: 'a court hearing during the investigation', stage: 'under_investigation', step: () => ({ stepType: 'court_hearing', occurredAt: at(5) }), status: 422, code: 'wrong-stage' },
    { name: 'a detention of an accused (custody applies instead)', stage: 'in_court', step: (c) => ({ stepType: 'detention', occurredAt: at(11), personId: person(c) }), status: 422, code: 'wrong-stage' },
    { name: 'a preventive measure while proceedings are suspended', stage: 'suspended', step: (c) => custodyApplied(person(c), at(7), '2027-02-01T00:00:00Z'), status: 422, code: 'wrong-stage' },

    // 422 missing-prerequisite: a step the step presupposes is missing
    {
      name: 'an extension of custody after the person’s release',
      stage: 'under_investigation',
      given: async (c) => {
        await c.record('custody', custodyApplied(person(c), at(5), '2027-01-05T00:00:00Z'));
        await c.record('release', { stepType: 'release_from_detention', occurredAt: at(6), personId: person(c), details: { ground: 'grounds_ceased' } });
      },
      step: (c) => ({ stepType: 'preventive_measure_extended', occurredAt: at(7), personId: person(c), details: { measure: 'custody', until: '2027-02-05T00:00:00Z' } }),
      status: 422,
      code: 'missing-prerequisite',
      field: 'details.measure',
    },
    { name: 'a sentence without a verdict', stage: 'in_court', step: (c) => ({ stepType: 'sentence', occurredAt: at(11), personId: person(c), details: { sentenceType: 'fine', fineAmount: 500 } }), status: 422, code: 'missing-prerequisite' },
    { name: 'an indictment without a suspect', stage: 'under_investigation', options: { notified: false }, step: () => ({ stepType: 'indictment', occurredAt: at(10) }), status: 422, code: 'missing-prerequisite' },
    { name: 'a closure while a convicted person awaits sentence', stage: 'decided', step: () => ({ stepType: 'case_closed', occurredAt: at(14) }), status: 422, code: 'missing-prerequisite' },
    {
      name: 'a verdict on a person who was never indicted',
      stage: 'in_court',
      given: async (c) => void (await c.addPerson()),
      step: (c) => ({ stepType: 'verdict', occurredAt: at(12), personId: person(c, 1), details: { outcome: 'conviction' } }),
      status: 422,
      code: 'missing-prerequisite',
    },
    {
      name: 'a preventive measure on someone who is not a suspect',
      stage: 'under_investigation',
      options: { notified: false },
      step: (c) => custodyApplied(person(c), at(5), '2027-02-01T00:00:00Z'),
      status: 422,
      code: 'missing-prerequisite',
    },

    // 422 occurred-too-early: dated before the step it depends on
    { name: 'a court hearing dated before the indictment', stage: 'in_court', step: () => ({ stepType: 'court_hearing', occurredAt: at(9) }), status: 422, code: 'occurred-too-early', field: 'occurredAt' },
    {
      name: 'a detention dated before the person’s last release',
      stage: 'under_investigation',
      given: async (c) => {
        await c.record('detention', { stepType: 'detention', occurredAt: at(5), personId: person(c) });
        await c.record('release', { stepType: 'release_from_detention', occurredAt: at(6), personId: person(c) });
      },
      step: (c) => ({ stepType: 'detention', occurredAt: at(5, 12), personId: person(c) }),
      status: 422,
      code: 'occurred-too-early',
      field: 'occurredAt',
    },

    // 422 invalid-term: a term that does not move forward
    { name: 'custody until a time before it was applied', stage: 'under_investigation', step: (c) => custodyApplied(person(c), at(5), at(4)), status: 422, code: 'invalid-term', field: 'details.until' },
    {
      name: 'an investigation term extended to before the previous extension',
      stage: 'under_investigation',
      given: (c) => c.record('extension', { stepType: 'investigation_term_extended', occurredAt: at(5), details: { until: '2027-12-01T00:00:00Z' } }),
      step: () => ({ stepType: 'investigation_term_extended', occurredAt: at(6), details: { until: '2027-06-01T00:00:00Z' } }),
      status: 422,
      code: 'invalid-term',
      field: 'details.until',
    },
    {
      name: 'custody extended to an end that is not after its current end',
      stage: 'under_investigation',
      given: (c) => c.record('custody', custodyApplied(person(c), at(5), '2027-01-05T00:00:00Z')),
      step: (c) => ({ stepType: 'preventive_measure_extended', occurredAt: at(6), personId: person(c), details: { measure: 'custody', until: '2027-01-04T00:00:00Z' } }),
      status: 422,
      code: 'invalid-term',
      field: 'details.until',
    },

    // 422 person-left: a step about a person the journal holds out of the case
    {
      name: 'a measure on an accused split off before the verdict and added again once the case was decided without them',
      stage: 'in_court',
      options: { persons: 2 },
      given: async (c) => {
        const gone = person(c, 0);
        await publishEvents(services.bus, cloudEvent(PersonRemovedFromCase, c.caseId, { caseId: c.caseId, region: 'KG-GB', personId: gone, role: 'suspect', reason: 'split' }));
        await c.record('verdict', { stepType: 'verdict', occurredAt: at(12), personId: person(c, 1), details: { outcome: 'conviction' } });
        await addPerson(services.bus, c.caseId, 'suspect', gone);
      },
      step: (c) => ({ stepType: 'preventive_measure_applied', occurredAt: at(13), personId: person(c), details: { measure: 'travel_ban' } }),
      status: 422,
      code: 'person-left',
      field: 'personId',
    },

    // 422 invalid-correction: a correction that cannot apply
    {
      name: 'a correction of a correction',
      stage: 'under_investigation',
      given: async (c) => {
        await c.record('detention', { stepType: 'detention', occurredAt: at(5), personId: person(c) });
        await c.record('amendment', { stepType: 'correction', occurredAt: at(5, 10), correction: { correctsStepId: c.steps.detention, action: 'amend', occurredAt: at(5, 8), reason: 'two hours earlier' } });
      },
      step: (c) => annul(c.steps.amendment, at(5, 11)),
      status: 422,
      code: 'invalid-correction',
      field: 'correction.correctsStepId',
    },
    { name: 'a correction of the registration, a system step', stage: 'under_investigation', step: (c) => annul(c.steps.registration, at(5)), status: 422, code: 'invalid-correction', field: 'correction.correctsStepId' },

    // 422 correction-breaks-journal: the corrected journal would no longer replay
    { name: 'an annulment of the only suspect’s suspicion under the indictment', stage: 'in_court', step: (c) => annul(c.steps['suspicion:0'], at(11)), status: 422, code: 'correction-breaks-journal', field: 'correction' },
    { name: 'an annulment of the start of the investigation under later steps', stage: 'under_investigation', step: (c) => annul(c.steps.investigation_started, at(5)), status: 422, code: 'correction-breaks-journal', field: 'correction' },
    {
      name: 'an amendment that dates a detention before the investigation started',
      stage: 'under_investigation',
      given: (c) => c.record('detention', { stepType: 'detention', occurredAt: at(5), personId: person(c) }),
      step: (c) => ({ stepType: 'correction', occurredAt: at(5, 10), correction: { correctsStepId: c.steps.detention, action: 'amend', occurredAt: at(2, 12), reason: 'wrong day' } }),
      status: 422,
      code: 'correction-breaks-journal',
      field: 'correction.occurredAt',
    },
    {
      name: 'an annulment of the closure’s only sentence',
      stage: 'closed',
      step: (c) => annul(c.steps['sentence:0'], at(16)),
      status: 422,
      code: 'correction-breaks-journal',
      field: 'correction',
    },
  ];

  it.each(REFUSALS)('$code: refuses $name with $status, saying why, and writes nothing', async ({ stage, options, given, step, status, code, field }) => {
    const c = await caseIn(stage, options);
    await given?.(c);
    const before = await written(c.caseId);

    const response = await post(c.caseId, step(c));

    expect(response.status).toBe(status);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ type: status === 409 ? 'urn:icjims:problem:conflict' : 'urn:icjims:problem:rule-violation', status });
    expect(response.body.detail).toMatch(new RegExp(` \\(${code}\\)$`));
    expect(response.body.errors).toEqual(field === undefined ? undefined : [{ field, reason: expect.any(String) }]);
    expect(await written(c.caseId)).toEqual(before);
  });

  it('names the step where a correction would break the journal', async () => {
    const c = await caseIn('in_court');
    const response = await post(c.caseId, annul(c.steps['suspicion:0'], at(11)));
    expect(response.status).toBe(422);
    expect(response.body.detail).toContain(`step ${c.steps.indictment} would be refused`);
  });

  it('accepts a correction after closure, and the case reopens as the corrected journal leads', async () => {
    const c = await caseIn('closed');
    const response = await post(c.caseId, annul(c.steps.case_closed, at(16)));
    expect(response.status).toBe(201);
    const journal = await http('GET', `${base}/cases/${c.caseId}/timeline`, { token: prosecutor, purpose: 'investigation' });
    expect(journal.body.status).toBe('decided');
  });

  it('drives every refusal code of the rules over HTTP, except invalid-step (see below)', () => {
    const driven = new Set<string>([...REFUSALS.map((refusal) => refusal.code), 'invalid-step']);
    expect([...driven].sort()).toEqual(Object.keys(REFUSAL_CODES).sort());
  });

  /*
   * invalid-step (a malformed step: unknown type, a person where none belongs or missing
   * where one does, details that do not fit) cannot be reached over HTTP: the API checks a
   * step's form with the same catalogue functions before the legal order is asked, and
   * answers 400 naming the field. The rules keep the code for journals replayed from storage.
   */
  it.each([
    ['a person on a case-level step', (c: CaseInStage) => ({ stepType: 'indictment', occurredAt: at(10), personId: person(c) }), 'personId'],
    ['a person-level step without its person', () => ({ stepType: 'detention', occurredAt: at(5) }), 'personId'],
    ['details the step type does not have', () => ({ stepType: 'court_hearing', occurredAt: at(5), details: { judge: 'x' } }), 'details.judge'],
    ['an amendment to a case-level step naming a person', (c: CaseInStage) => ({
      stepType: 'correction', occurredAt: at(5), correction: { correctsStepId: c.steps.investigation_started, action: 'amend', personId: person(c), reason: 'x' },
    }), 'correction.personId'],
    ['an amendment with details its step type does not have', (c: CaseInStage) => ({
      stepType: 'correction', occurredAt: at(5), correction: { correctsStepId: c.steps.investigation_started, action: 'amend', details: { judge: 'x' }, reason: 'x' },
    }), 'correction.details.judge'],
  ])('refuses what the rules would call invalid-step — %s — earlier, with 400 naming the field', async (_label, step, field) => {
    const c = await caseIn('under_investigation');
    const before = await written(c.caseId);
    const response = await post(c.caseId, step(c));
    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    expect(await written(c.caseId)).toEqual(before);
  });
});
