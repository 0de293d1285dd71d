import { effectiveJournal } from './corrections';
import { decide, evolve, replay } from './journal';
import {
  amend, annul, closed, closedCase, decidedCase, detention, FACTS, given, inCourt, indictment, investigating, itDecides, joined, last,
  measureApplied, P1, P2, RECEIVED_AT, registration, release, sentence, suspicion, verdict, withSuspects,
} from './journal-scenarios';
import type { JournalStep } from './journal-step';

/** Given the journal, when the correction built from it: the refusal. */
function refusalOf(journal: JournalStep[], correctionOf: (journal: JournalStep[]) => JournalStep) {
  const decision = decide(given(journal), correctionOf(journal));
  if (decision.ok) throw new Error('the correction was accepted');
  return decision.refusal;
}

describe('correction', () => {
  itDecides([
    {
      name: 'annulling a detention keeps the case under investigation',
      steps: () => {
        const journal = [...withSuspects(P1), detention(P1)];
        return [...journal, annul(last(journal))];
      },
      then: 'under_investigation',
    },
    {
      name: 'annulling the indictment returns the case to the investigation',
      steps: () => {
        const journal = inCourt(P1);
        return [...journal, annul(last(journal))];
      },
      then: 'under_investigation',
    },
    {
      name: 'annulling the closure reopens a decided case',
      steps: () => {
        const journal = closedCase();
        return [...journal, annul(last(journal))];
      },
      then: 'decided',
    },
    {
      name: 'amending a sentence is allowed after closure',
      steps: () => {
        const journal = [...inCourt(P1), verdict(P1), sentence(P1)];
        return [...journal, closed(), amend(last(journal), { details: { sentenceType: 'probation', termMonths: 18 } })];
      },
      then: 'closed',
    },
    {
      name: 'annulling a step of a joined case is allowed',
      steps: () => {
        const journal = [...withSuspects(P1), detention(P1)];
        return [...journal, joined(), annul(last(journal))];
      },
      then: 'joined',
    },
    {
      name: 'annulling a detention that a release depends on breaks the journal',
      steps: () => {
        const journal = [...withSuspects(P1), detention(P1)];
        return [...journal, release(P1), annul(last(journal))];
      },
      then: '422 correction-breaks-journal',
    },
    {
      name: 'annulling the only suspicion of an indicted case breaks the journal',
      steps: () => {
        const journal = withSuspects(P1);
        return [...journal, indictment(), annul(last(journal))];
      },
      then: '422 correction-breaks-journal',
    },
    {
      name: 'annulling a step twice is refused',
      steps: () => {
        const journal = [...withSuspects(P1), detention(P1)];
        return [...journal, annul(last(journal)), annul(last(journal))];
      },
      then: '409 already-done',
    },
    {
      name: 'correcting a correction is refused',
      steps: () => {
        const journal = [...withSuspects(P1), detention(P1)];
        const correction = amend(last(journal), { occurredAt: last(journal).occurredAt });
        return [...journal, correction, annul(correction)];
      },
      then: '422 invalid-correction',
    },
    {
      name: 'correcting the registration is refused',
      steps: () => {
        const journal = investigating();
        return [...journal, annul(journal[0])];
      },
      then: '422 invalid-correction',
    },
    {
      name: 'correcting the join is refused',
      steps: () => {
        const journal = [...investigating(), joined()];
        return [...journal, annul(last(journal))];
      },
      then: '422 invalid-correction',
    },
  ]);

  it('names correction.correctsStepId when the corrected step is not in the journal', () => {
    const refusal = refusalOf(investigating(), () => annul({ ...registration(), stepId: 'elsewhere' }));
    expect(refusal).toMatchObject({ status: 422, code: 'invalid-correction', field: 'correction.correctsStepId' });
  });

  it('names the step where the corrected journal breaks', () => {
    const journal = [...withSuspects(P1), detention(P1)];
    const released = release(P1);
    const decision = decide(given([...journal, released]), annul(last(journal)));
    expect(decision).toMatchObject({ ok: false, refusal: { status: 422, code: 'correction-breaks-journal', stepId: released.stepId, field: 'correction' } });
    expect(decision.ok || decision.refusal.reason).toContain(released.stepId);
  });

  it('names the corrected field when the amended step itself is refused', () => {
    const refusal = refusalOf([...inCourt(P1), verdict(P1), sentence(P1)], (journal) => amend(last(journal), { details: { sentenceType: 'probation' } }));
    expect(refusal).toMatchObject({ code: 'correction-breaks-journal', field: 'correction.details.termMonths' });
  });

  it('refuses to move a step before the report was received, naming correction.occurredAt', () => {
    const refusal = refusalOf([...withSuspects(P1), detention(P1)], (journal) => amend(last(journal), { occurredAt: new Date(RECEIVED_AT.getTime() - 1) }));
    expect(refusal).toMatchObject({ code: 'correction-breaks-journal', field: 'correction.occurredAt' });
  });

  it('refuses to move a person onto a case-level step, naming correction.personId', () => {
    const refusal = refusalOf(inCourt(P1), (journal) => amend(last(journal), { personId: P2 }));
    expect(refusal).toMatchObject({ code: 'correction-breaks-journal', field: 'correction.personId' });
  });

  it.each([
    ['without a correction', (step: JournalStep): JournalStep => ({ ...step, correction: undefined }), 'correction'],
    ['without a reason', (step: JournalStep): JournalStep => ({ ...step, correction: { ...step.correction!, reason: ' ' } }), 'correction.reason'],
    ['with an unknown action', (step: JournalStep): JournalStep => ({ ...step, correction: { ...step.correction!, action: 'redact' } as never }), 'correction.action'],
    ['amending nothing', (step: JournalStep): JournalStep => ({ ...step, correction: { correctsStepId: step.correction!.correctsStepId, reason: 'x', action: 'amend' } }), 'correction'],
    ['with an invalid new occurredAt', (step: JournalStep): JournalStep => ({ ...step, correction: { ...step.correction!, action: 'amend', occurredAt: new Date(NaN) } }), 'correction.occurredAt'],
  ])('refuses a correction %s', (_case, spoil, field) => {
    const refusal = refusalOf([...withSuspects(P1), detention(P1)], (journal) => spoil(annul(last(journal))));
    expect(refusal).toMatchObject({ status: 422, code: 'invalid-correction', field });
  });

  it('refuses a correction step that names a person or carries details', () => {
    expect(refusalOf(withSuspects(P1), (journal) => ({ ...annul(last(journal)), personId: P1 }))).toMatchObject({ code: 'invalid-step', field: 'personId' });
    expect(refusalOf(withSuspects(P1), (journal) => ({ ...annul(last(journal)), details: { reason: 'x' } }))).toMatchObject({ code: 'invalid-step', field: 'details.reason' });
  });

  it('refuses a correction carried by a step that is not a correction', () => {
    const journal = withSuspects(P1);
    const stray = { ...detention(P1), correction: annul(last(journal)).correction };
    expect(decide(given(journal), stray)).toMatchObject({ ok: false, refusal: { code: 'invalid-step', field: 'correction' } });
  });

  it('annulling a detention frees the person', () => {
    const journal = [...withSuspects(P1), detention(P1)];
    const state = evolve(given(journal), annul(last(journal)));
    expect(state.persons[P1].detention).toBeUndefined();
  });

  it('amending the person of a suspicion moves the suspicion to that person', () => {
    const journal = withSuspects(P1);
    const state = evolve(given(journal), amend(last(journal), { personId: P2 }));
    expect(Object.keys(state.persons)).toEqual([P2]);
  });
});

describe('effectiveJournal', () => {
  it('lists the steps as corrected, without the corrections, in recording order', () => {
    const journal = [...withSuspects(P1), detention(P1), measureApplied(P1, 'bail')];
    const [registered, started, notified, held, bail] = journal;
    const moved = new Date(held.occurredAt.getTime() + 60_000);
    const amendment = amend(held, { occurredAt: moved });
    const annulment = annul(bail);
    const effective = effectiveJournal([...journal, amendment, annulment]);
    expect(effective.map((step) => step.stepId)).toEqual([registered.stepId, started.stepId, notified.stepId, held.stepId]);
    expect(effective[3]).toEqual({ stepId: held.stepId, stepType: 'detention', occurredAt: moved, personId: P1, details: {}, correctedBy: [amendment.stepId] });
    expect(effective[0].correctedBy).toEqual([]);
  });

  it('applies two corrections of one step in order, the later on top of the earlier', () => {
    const journal = [...inCourt(P1), verdict(P1), sentence(P1)];
    const first = amend(last(journal), { details: { sentenceType: 'probation', termMonths: 18 } });
    const second = amend(last(journal), { details: { sentenceType: 'probation', termMonths: 24 } });
    const [corrected] = effectiveJournal([...journal, first, second]).filter((step) => step.stepType === 'sentence');
    expect(corrected).toMatchObject({ details: { termMonths: 24 }, correctedBy: [first.stepId, second.stepId] });
  });

  it('leaves out a correction the rules would refuse instead of throwing', () => {
    const journal = investigating();
    expect(effectiveJournal([...journal, annul({ ...registration(), stepId: 'elsewhere' })]).map((step) => step.stepId)).toEqual(journal.map((step) => step.stepId));
  });
});

describe('replay', () => {
  it('rebuilds the state of an accepted journal with its corrections', () => {
    const journal = [...withSuspects(P1), detention(P1)];
    const steps = [...journal, release(P1), amend(last(journal), { details: { ground: 'caught_in_the_act' } })];
    const incremental = steps.reduce(evolve, given([]));
    expect(replay(steps, FACTS)).toEqual({ ok: true, state: incremental });
  });

  it('refuses a journal at the first step that breaks the legal order', () => {
    const wrong = verdict(P1);
    expect(replay([...withSuspects(P1), wrong, suspicion(P2)], FACTS)).toMatchObject({ ok: false, atStepId: wrong.stepId, refusal: { code: 'wrong-stage' } });
  });

  it('refuses a journal that uses a step id twice', () => {
    const journal = decidedCase();
    expect(replay([...journal, journal[2]], FACTS)).toMatchObject({ ok: false, atStepId: journal[2].stepId, refusal: { status: 409, field: 'stepId' } });
  });
});
