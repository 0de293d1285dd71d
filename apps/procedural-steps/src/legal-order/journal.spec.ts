import type { CaseStatus } from '@icjims/contracts';
import { STEP_TYPE_CODES } from '../step-types/step-catalogue';
import { decide, evolve } from './journal';
import { initialJournalState } from './journal-state';
import {
  appealDecided, appealFiled, closed, closedCase, detention, FACTS, given, hearing, indictment, investigationStarted, joined, joinedCase,
  measureApplied, measureChanged, measureExtended, measureLifted, P1, P2, plea, RECEIVED_AT, registration, release, resumed, sentence,
  suspended, suspicion, terminated, terminatedCase, termExtended, verdict, withSuspects, annul, last, left, returned, standingReceived, measureReceived,
  deadlineReceived, parole, reportRequested, reportReceived,
} from './journal-scenarios';
import type { JournalStep } from './journal-step';
import { STEP_RULES } from './procedure';

/** One well-formed step of every type, for tables that try each type. */
const ONE_OF_EACH: Readonly<Record<string, () => JournalStep>> = {
  registration,
  investigation_started: investigationStarted,
  suspicion_notified: () => suspicion(P1),
  detention: () => detention(P1),
  release_from_detention: () => release(P1),
  preventive_measure_applied: () => measureApplied(P1),
  preventive_measure_extended: () => measureExtended(P1),
  preventive_measure_changed: () => measureChanged(P1, 'custody', 'bail'),
  preventive_measure_lifted: () => measureLifted(P1),
  investigation_term_extended: () => termExtended(),
  proceedings_suspended: suspended,
  proceedings_resumed: resumed,
  proceedings_terminated: terminated,
  indictment,
  plea_agreement: () => plea(P1),
  court_hearing: hearing,
  verdict: () => verdict(P1),
  sentence: () => sentence(P1),
  appeal_filed: appealFiled,
  appeal_decided: () => appealDecided(),
  case_closed: closed,
  case_joined: joined,
  person_left: () => left(P1),
  person_returned: () => returned(P1),
  standing_received: () => standingReceived(P1),
  measure_received: () => measureReceived(P1),
  deadline_received: () => deadlineReceived(P1),
  conditional_early_release: () => parole(P1),
  pre_sentence_report_requested: () => reportRequested(P1),
  pre_sentence_report_received: () => reportReceived(P1, registration()),
};

describe('the legal order', () => {
  it('has a rule for every step type of the catalogue but correction, which is decided against the whole journal', () => {
    expect(Object.keys(STEP_RULES).sort()).toEqual(STEP_TYPE_CODES.filter((code) => code !== 'correction').sort());
    expect(Object.keys(ONE_OF_EACH).sort()).toEqual(Object.keys(STEP_RULES).sort());
  });

  it.each([
    ['closed', closedCase, ['conditional_early_release', 'pre_sentence_report_received']],
    ['joined', joinedCase, ['pre_sentence_report_received']],
    ['terminated', terminatedCase, ['proceedings_resumed', 'case_closed', 'person_left', 'person_returned', 'pre_sentence_report_received']],
  ] as const)('after the case is %s refuses every step as finished but a correction and %j', (_status, journal, allowed) => {
    const state = given(journal());
    for (const [code, step] of Object.entries(ONE_OF_EACH)) {
      const decision = decide(state, step());
      // Those allowed pass the status; their own conditions are their rules' tables.
      if ((allowed as readonly string[]).includes(code)) expect([code, decision.ok || decision.refusal.code]).not.toEqual([code, 'case-finished']);
      else expect([code, decision]).toEqual([code, expect.objectContaining({ ok: false, refusal: expect.objectContaining({ status: 409, code: 'case-finished' }) })]);
    }
  });

  it('refuses an unknown step type, naming stepType', () => {
    const decision = decide(initialJournalState(FACTS), { ...registration(), stepType: 'pardon' });
    expect(decision).toEqual({ ok: false, refusal: { status: 422, code: 'invalid-step', reason: 'pardon is not a step type', field: 'stepType' } });
  });

  it('refuses details the catalogue does not allow, naming the field', () => {
    const decision = decide(given(withSuspects(P1)), { ...detention(P1), details: { ground: 'whim' } });
    expect(decision).toMatchObject({ ok: false, refusal: { status: 422, code: 'invalid-step', field: 'details.ground' } });
  });

  it('refuses a person on a case-level step', () => {
    expect(decide(given(withSuspects(P1)), { ...indictment(), personId: P1 })).toMatchObject({ ok: false, refusal: { code: 'invalid-step', field: 'personId' } });
  });

  it('refuses a step that occurred before the report was received, naming occurredAt', () => {
    const decision = decide(given(withSuspects(P1)), { ...detention(P1), occurredAt: new Date(RECEIVED_AT.getTime() - 1000) });
    expect(decision).toMatchObject({ ok: false, refusal: { status: 422, code: 'occurred-too-early', field: 'occurredAt' } });
  });

  it('refuses a step whose id is already in the journal', () => {
    const journal = withSuspects(P1);
    expect(decide(given(journal), { ...detention(P1), stepId: journal[0].stepId })).toMatchObject({ ok: false, refusal: { status: 409, field: 'stepId' } });
  });

  it('follows a case from registration to closure', () => {
    const journey: Array<[JournalStep, CaseStatus]> = [
      [registration(), 'registered'],
      [investigationStarted(), 'under_investigation'],
      [detention(P1), 'under_investigation'],
      [suspicion(P1), 'under_investigation'],
      [measureApplied(P1, 'custody'), 'under_investigation'],
      [suspicion(P2), 'under_investigation'],
      [termExtended(), 'under_investigation'],
      [suspended(), 'suspended'],
      [resumed(), 'under_investigation'],
      [indictment(), 'in_court'],
      [plea(P2), 'in_court'],
      [hearing(), 'in_court'],
      [verdict(P1), 'in_court'],
      [verdict(P2, 'acquittal'), 'decided'],
      [sentence(P1, 'imprisonment'), 'decided'],
      [appealFiled(), 'under_appeal'],
      [hearing(), 'under_appeal'],
      [appealDecided('upheld'), 'decided'],
      [closed(), 'closed'],
    ];
    let state = initialJournalState(FACTS);
    for (const [step, status] of journey) {
      expect([step.stepType, decide(state, step)]).toEqual([step.stepType, { ok: true, steps: [step], status }]);
      state = evolve(state, step);
    }
    expect(state.persons[P1]).toMatchObject({ status: 'sentenced', measures: {} });
    expect(state.persons[P2].status).toBe('acquitted');
    expect(state.journal).toHaveLength(journey.length);
  });

  it('decides a correction with the status of the corrected journal', () => {
    const journal = [...withSuspects(P1), indictment()];
    const annulment = annul(last(journal));
    expect(decide(given(journal), annulment)).toEqual({ ok: true, steps: [annulment], status: 'under_investigation' });
  });
});
