import { decide, evolve } from './journal';
import {
  appealDecided, appealFiled, closed, closedCase, decidedCase, detention, given, hearing, hoursBefore, inCourt, indictment, investigating,
  investigationStarted, itDecides, joined, last, joinedCase, left, measureApplied, occurring, P1, P2, RECEIVED_AT, registration, release, resumed,
  returned, sentence, suspended, suspendedCase, suspicion, terminated, terminatedCase, termExtended, underAppeal, verdict, withSuspects,
} from './journal-scenarios';

describe('registration', () => {
  itDecides([
    { name: 'opens an empty journal', steps: () => [registration()], then: 'registered' },
    { name: 'is refused a second time', steps: () => [registration(), registration()], then: '409 already-done' },
    { name: 'is refused once the investigation started', steps: () => [...investigating(), registration()], then: '409 already-done' },
    { name: 'is refused in a closed case', steps: () => [...closedCase(), registration()], then: '409 case-finished' },
  ]);
});

describe('investigation_started', () => {
  itDecides([
    { name: 'starts the investigation of a registered case', steps: () => [registration(), investigationStarted()], then: 'under_investigation' },
    { name: 'starts it in a journal without a registration step', steps: () => [investigationStarted()], then: 'under_investigation' },
    { name: 'is refused when the investigation already started', steps: () => [...investigating(), investigationStarted()], then: '409 already-done' },
    { name: 'is refused in court', steps: () => [...inCourt(), investigationStarted()], then: '409 already-done' },
    { name: 'is refused while suspended', steps: () => [...suspendedCase(), investigationStarted()], then: '409 already-done' },
    { name: 'is refused after termination', steps: () => [...terminatedCase(), investigationStarted()], then: '409 case-finished' },
    { name: 'is refused before the report was received', steps: () => [occurring(investigationStarted(), new Date(RECEIVED_AT.getTime() - 1))], then: '422 occurred-too-early' },
  ]);
});

describe('investigation_term_extended', () => {
  itDecides([
    { name: 'extends the term under investigation', steps: () => [...investigating(), termExtended()], then: 'under_investigation' },
    { name: 'extends it again to a later end', steps: () => [...investigating(), termExtended(90), termExtended(180)], then: 'under_investigation' },
    { name: 'is refused for an end before the current one', steps: () => [...investigating(), termExtended(90), termExtended(30)], then: '422 invalid-term' },
    { name: 'is refused for an end in the past', steps: () => [...investigating(), termExtended(-1)], then: '422 invalid-term' },
    { name: 'is refused before the investigation started', steps: () => [registration(), termExtended()], then: '422 wrong-stage' },
    { name: 'is refused while suspended', steps: () => [...suspendedCase(), termExtended()], then: '422 wrong-stage' },
    { name: 'is refused in court', steps: () => [...inCourt(), termExtended()], then: '422 wrong-stage' },
    {
      name: 'is refused when it occurred before the investigation started',
      steps: () => {
        const journal = investigating();
        return [...journal, occurring(termExtended(), hoursBefore(journal[1], 1))];
      },
      then: '422 occurred-too-early',
    },
  ]);

  it('names details.until when the new end is not later', () => {
    const journal = [...investigating(), termExtended(90)];
    const decision = decide(given(journal), termExtended(30));
    expect(decision).toMatchObject({ ok: false, refusal: { status: 422, code: 'invalid-term', field: 'details.until' } });
  });
});

describe('proceedings_suspended', () => {
  itDecides([
    { name: 'suspends an investigation', steps: () => [...investigating(), suspended()], then: 'suspended' },
    { name: 'suspends court proceedings', steps: () => [...inCourt(), suspended()], then: 'suspended' },
    { name: 'is refused when already suspended', steps: () => [...suspendedCase(), suspended()], then: '409 already-done' },
    { name: 'is refused before the investigation started', steps: () => [registration(), suspended()], then: '422 wrong-stage' },
    { name: 'is refused once the case is decided', steps: () => [...decidedCase(), suspended()], then: '422 wrong-stage' },
    { name: 'is refused in a closed case', steps: () => [...closedCase(), suspended()], then: '409 case-finished' },
  ]);
});

describe('proceedings_resumed', () => {
  itDecides([
    { name: 'resumes a suspended investigation', steps: () => [...suspendedCase(), resumed()], then: 'under_investigation' },
    { name: 'resumes suspended court proceedings in court', steps: () => [...inCourt(), suspended(), resumed()], then: 'in_court' },
    { name: 'reopens a terminated case as an investigation', steps: () => [...terminatedCase(), resumed()], then: 'under_investigation' },
    { name: 'is refused when the proceedings are running', steps: () => [...investigating(), resumed()], then: '409 already-done' },
    { name: 'is refused in a closed case', steps: () => [...closedCase(), resumed()], then: '409 case-finished' },
    { name: 'is refused in a joined case', steps: () => [...joinedCase(), resumed()], then: '409 case-finished' },
    {
      name: 'resuming the trial after the last accused awaiting a verdict left decides the case',
      steps: () => [...inCourt(P1, P2), verdict(P2), suspended(), left(P1), resumed()],
      then: 'decided',
    },
  ]);
});

describe('proceedings_terminated', () => {
  itDecides([
    { name: 'refuses to start proceedings on a registered report', steps: () => [registration(), terminated()], then: 'terminated' },
    { name: 'terminates an investigation', steps: () => [...withSuspects(P1), terminated()], then: 'terminated' },
    { name: 'terminates suspended proceedings', steps: () => [...suspendedCase(), terminated()], then: 'terminated' },
    { name: 'terminates court proceedings', steps: () => [...inCourt(), terminated()], then: 'terminated' },
    { name: 'is refused once a judgment is given', steps: () => [...decidedCase(), terminated()], then: '422 wrong-stage' },
    { name: 'is refused under appeal', steps: () => [...underAppeal(), terminated()], then: '422 wrong-stage' },
    { name: 'is refused a second time', steps: () => [...terminatedCase(), terminated()], then: '409 case-finished' },
  ]);

  it('ends every detention and preventive measure', () => {
    const state = given([...withSuspects(P1, P2), detention(P1), measureApplied(P2, 'travel_ban'), terminated()]);
    expect(state.persons[P1]).toMatchObject({ detention: undefined, measures: {} });
    expect(state.persons[P2].measures).toEqual({});
  });
});

describe('indictment', () => {
  itDecides([
    { name: 'sends a case with a suspect to court', steps: () => [...withSuspects(P1), indictment()], then: 'in_court' },
    { name: 'is refused without a suspect', steps: () => [...investigating(), indictment()], then: '422 missing-prerequisite' },
    { name: 'is refused before the investigation started', steps: () => [registration(), indictment()], then: '422 wrong-stage' },
    { name: 'is refused while suspended', steps: () => [...suspendedCase(), indictment()], then: '422 wrong-stage' },
    { name: 'is refused a second time', steps: () => [...inCourt(), indictment()], then: '409 already-done' },
    { name: 'is refused in a closed case', steps: () => [...closedCase(), indictment()], then: '409 case-finished' },
    { name: 'indicts the accused again in a reopened case', steps: () => [...inCourt(P1), terminated(), resumed(), indictment()], then: 'in_court' },
    { name: 'is refused when the only suspect has left the case', steps: () => [...withSuspects(P1), left(P1), indictment()], then: '422 missing-prerequisite' },
    { name: 'sends the case to court with the suspects still in it', steps: () => [...withSuspects(P1, P2), left(P1), indictment()], then: 'in_court' },
    { name: 'indicts a suspect who returned', steps: () => [...withSuspects(P1), left(P1), returned(P1), indictment()], then: 'in_court' },
    { name: 'indicts in a reopened case without the suspect who left meanwhile', steps: () => [...withSuspects(P1, P2), terminated(), left(P1), resumed(), indictment()], then: 'in_court' },
    {
      name: 'may be dated before a suspect who has left became one',
      steps: () => {
        const journal = [...withSuspects(P2), suspicion(P1), left(P1)];
        return [...journal, occurring(indictment(), hoursBefore(journal[journal.length - 2], 0.5))];
      },
      then: 'in_court',
    },
    {
      name: 'is refused when it occurred before the suspicion',
      steps: () => {
        const journal = withSuspects(P1);
        return [...journal, occurring(indictment(), hoursBefore(last(journal), 1))];
      },
      then: '422 occurred-too-early',
    },
  ]);

  it('makes every suspect an accused', () => {
    const state = given(inCourt(P1, P2));
    expect([state.persons[P1].status, state.persons[P2].status]).toEqual(['accused', 'accused']);
  });

  it('leaves a suspect who has left a suspect', () => {
    const state = given([...withSuspects(P1, P2), left(P1), indictment()]);
    expect([state.persons[P1].status, state.persons[P2].status]).toEqual(['suspect', 'accused']);
  });
});

describe('court_hearing', () => {
  itDecides([
    { name: 'is held in court', steps: () => [...inCourt(), hearing()], then: 'in_court' },
    { name: 'is held on appeal', steps: () => [...underAppeal(), hearing()], then: 'under_appeal' },
    { name: 'is refused during the investigation', steps: () => [...withSuspects(P1), hearing()], then: '422 wrong-stage' },
    { name: 'is refused once decided without an appeal', steps: () => [...decidedCase(), hearing()], then: '422 wrong-stage' },
    { name: 'is refused in a closed case', steps: () => [...closedCase(), hearing()], then: '409 case-finished' },
  ]);
});

describe('appeal_filed', () => {
  itDecides([
    { name: 'appeals a decided case', steps: () => [...decidedCase(), appealFiled()], then: 'under_appeal' },
    { name: 'appeals again after the appeal was decided', steps: () => [...underAppeal(), appealDecided(), appealFiled()], then: 'under_appeal' },
    { name: 'is refused before every accused has a verdict', steps: () => [...inCourt(P1, P2), verdict(P1), appealFiled()], then: '422 wrong-stage' },
    { name: 'is refused while an appeal is pending', steps: () => [...underAppeal(), appealFiled()], then: '409 already-done' },
    { name: 'is refused in a closed case', steps: () => [...closedCase(), appealFiled()], then: '409 case-finished' },
  ]);
});

describe('appeal_decided', () => {
  itDecides([
    { name: 'upholding the judgment leaves the case decided', steps: () => [...underAppeal(), appealDecided('upheld')], then: 'decided' },
    { name: 'amending the judgment leaves the case decided', steps: () => [...underAppeal(), appealDecided('amended')], then: 'decided' },
    { name: 'dismissing the appeal leaves the case decided', steps: () => [...underAppeal(), appealDecided('dismissed')], then: 'decided' },
    { name: 'a retrial sends the case back to court', steps: () => [...underAppeal(), appealDecided('returned_for_retrial')], then: 'in_court' },
    { name: 'is refused without a pending appeal', steps: () => [...decidedCase(), appealDecided()], then: '422 wrong-stage' },
    { name: 'is refused in a closed case', steps: () => [...closedCase(), appealDecided()], then: '409 case-finished' },
  ]);

  it('makes every judged person an accused again on retrial', () => {
    const state = given([...underAppeal(), appealDecided('returned_for_retrial')]);
    expect(state.persons[P1]).toMatchObject({ status: 'accused', verdict: undefined, sentenceRound: undefined });
  });

  it('tries again only the judged persons still in the case', () => {
    const state = given([...inCourt(P1, P2), verdict(P1), verdict(P2), left(P1), appealFiled(), appealDecided('returned_for_retrial')]);
    expect([state.status, state.persons[P1].status, state.persons[P2].status]).toEqual(['in_court', 'convicted', 'accused']);
  });
});

describe('case_closed', () => {
  itDecides([
    { name: 'closes a decided case whose convicted are sentenced', steps: () => [...decidedCase(), closed()], then: 'closed' },
    { name: 'closes a case whose accused was acquitted', steps: () => [...inCourt(P1), verdict(P1, 'acquittal'), closed()], then: 'closed' },
    { name: 'closes a terminated case', steps: () => [...terminatedCase(), closed()], then: 'closed' },
    { name: 'is refused while a convicted person has no sentence', steps: () => [...inCourt(P1), verdict(P1), closed()], then: '422 missing-prerequisite' },
    {
      name: 'closes without sentencing a convicted person who has left',
      steps: () => [...inCourt(P1, P2), verdict(P1), left(P1), verdict(P2), sentence(P2), closed()],
      then: 'closed',
    },
    { name: 'closes without judging an accused who has left', steps: () => [...inCourt(P1, P2), left(P2), verdict(P1), sentence(P1), closed()], then: 'closed' },
    { name: 'is refused during the investigation', steps: () => [...withSuspects(P1), closed()], then: '422 wrong-stage' },
    { name: 'is refused under appeal', steps: () => [...underAppeal(), closed()], then: '422 wrong-stage' },
    { name: 'is refused a second time', steps: () => [...closedCase(), closed()], then: '409 case-finished' },
  ]);

  it('ends the custody of a sentenced person', () => {
    const state = given([...inCourt(P1), measureApplied(P1, 'custody'), verdict(P1), sentence(P1, 'imprisonment'), closed()]);
    expect(state.persons[P1].measures).toEqual({});
  });
});

describe('case_joined', () => {
  itDecides([
    { name: 'joins a registered case', steps: () => [registration(), joined()], then: 'joined' },
    { name: 'joins a case under investigation', steps: () => [...investigating(), joined()], then: 'joined' },
    { name: 'joins a case in court', steps: () => [...inCourt(), joined()], then: 'joined' },
    { name: 'is refused for a terminated case', steps: () => [...terminatedCase(), joined()], then: '409 case-finished' },
    { name: 'is refused for a closed case', steps: () => [...closedCase(), joined()], then: '409 case-finished' },
    { name: 'is refused a second time', steps: () => [...joinedCase(), joined()], then: '409 case-finished' },
  ]);
});

describe('status changes', () => {
  it('records when and by which step the case reached its status', () => {
    const journal = investigating();
    const state = journal.reduce(evolve, given([]));
    expect(state).toMatchObject({ status: 'under_investigation', statusSince: journal[1].occurredAt, statusStepId: journal[1].stepId });
  });

  it('suspension remembers the stage that resumption returns to', () => {
    expect(given([...inCourt(), suspended()]).resumeTo).toBe('in_court');
    expect(given([...inCourt(), suspended(), resumed()]).resumeTo).toBeUndefined();
  });

  it('a reopened investigation detains and releases a new suspect', () => {
    expect(given([...terminatedCase(), resumed(), detention(P2), release(P2)]).persons[P2].releasedAt).toBeDefined();
  });

  it('a closed case still knows its sentenced person', () => {
    expect(given(closedCase()).persons[P1].status).toBe('sentenced');
  });

  it('suspicion of a new person is accepted only under investigation', () => {
    expect(decide(given(inCourt(P1)), suspicion(P2))).toMatchObject({ ok: false, refusal: { code: 'wrong-stage' } });
  });
});
