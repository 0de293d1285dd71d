import { decide } from './journal';
import {
  appealDecided, appealFiled, closed, closedCase, decidedCase, detention, given, hoursBefore, inCourt, investigating, itDecides, joined, last, left,
  measureApplied, measureChanged, measureExtended, measureLifted, occurring, P1, P2, plea, registration, release, resumed, returned, sentence,
  suspendedCase, suspicion, terminated, terminatedCase, underAppeal, verdict, withSuspects,
} from './journal-scenarios';

describe('suspicion_notified', () => {
  itDecides([
    { name: 'makes a new person a suspect under investigation', steps: () => [...investigating(), suspicion(P1)], then: 'under_investigation' },
    { name: 'notifies a person detained as a suspect', steps: () => [...investigating(), detention(P1), suspicion(P1)], then: 'under_investigation' },
    { name: 'is refused a second time for the same person', steps: () => [...withSuspects(P1), suspicion(P1)], then: '409 already-done' },
    { name: 'is refused for an accused of a reopened case', steps: () => [...inCourt(P1), terminated(), resumed(), suspicion(P1)], then: '409 already-done' },
    { name: 'is refused before the investigation started', steps: () => [registration(), suspicion(P1)], then: '422 wrong-stage' },
    { name: 'is refused for a new person in court', steps: () => [...inCourt(P1), suspicion(P2)], then: '422 wrong-stage' },
    { name: 'is refused without a person', steps: () => [...investigating(), { ...suspicion(P1), personId: undefined }], then: '422 invalid-step' },
    { name: 'is refused in a closed case', steps: () => [...closedCase(), suspicion(P2)], then: '409 case-finished' },
    {
      name: 'is refused when it occurred before the investigation started',
      steps: () => {
        const journal = investigating();
        return [...journal, occurring(suspicion(P1), hoursBefore(journal[1], 1))];
      },
      then: '422 occurred-too-early',
    },
    {
      name: 'is refused when it occurred before the detention that made the person a suspect',
      steps: () => {
        const journal = [...investigating(), detention(P1)];
        return [...journal, occurring(suspicion(P1), hoursBefore(last(journal), 0.5))];
      },
      then: '422 occurred-too-early',
    },
  ]);

  it('a detained person is a suspect before the suspicion is notified', () => {
    expect(given([...investigating(), detention(P1)]).persons[P1]).toMatchObject({ status: 'suspect', suspicionNotified: false });
    expect(given([...investigating(), suspicion(P1)]).persons[P1]).toMatchObject({ status: 'suspect', suspicionNotified: true });
  });
});

describe('plea_agreement', () => {
  itDecides([
    { name: 'is concluded with a suspect', steps: () => [...withSuspects(P1), plea(P1)], then: 'under_investigation' },
    { name: 'is concluded with an accused', steps: () => [...inCourt(P1), plea(P1)], then: 'in_court' },
    { name: 'is refused a second time', steps: () => [...withSuspects(P1), plea(P1), plea(P1)], then: '409 already-done' },
    { name: 'is refused for a person who is not a suspect', steps: () => [...withSuspects(P1), plea(P2)], then: '422 missing-prerequisite' },
    { name: 'is refused for a convicted person', steps: () => [...inCourt(P1, P2), verdict(P1), plea(P1)], then: '422 wrong-stage' },
    { name: 'is refused once the case is decided', steps: () => [...decidedCase(), plea(P1)], then: '422 wrong-stage' },
    {
      name: 'is refused when it occurred before the suspicion',
      steps: () => {
        const journal = [...investigating(), suspicion(P1)];
        return [...journal, occurring(plea(P1), hoursBefore(last(journal), 1))];
      },
      then: '422 occurred-too-early',
    },
  ]);
});

describe('verdict', () => {
  itDecides([
    { name: 'convicting the only accused decides the case', steps: () => [...inCourt(P1), verdict(P1)], then: 'decided' },
    { name: 'acquitting the only accused decides the case', steps: () => [...inCourt(P1), verdict(P1, 'acquittal')], then: 'decided' },
    { name: 'a verdict on one of two accused keeps the case in court', steps: () => [...inCourt(P1, P2), verdict(P1)], then: 'in_court' },
    { name: 'the verdict on the last accused decides the case', steps: () => [...inCourt(P1, P2), verdict(P1), verdict(P2, 'acquittal')], then: 'decided' },
    { name: 'the verdict on the last accused still in the case decides it', steps: () => [...inCourt(P1, P2), left(P1), verdict(P2)], then: 'decided' },
    { name: 'is refused a second time for the same person', steps: () => [...inCourt(P1, P2), verdict(P1), verdict(P1)], then: '409 already-done' },
    { name: 'is refused for a person not indicted', steps: () => [...inCourt(P1), verdict(P2)], then: '422 missing-prerequisite' },
    { name: 'is refused during the investigation', steps: () => [...withSuspects(P1), verdict(P1)], then: '422 wrong-stage' },
    { name: 'is refused once the case is decided', steps: () => [...decidedCase(), verdict(P1)], then: '422 wrong-stage' },
    { name: 'the appeal court’s verdict replaces the first one', steps: () => [...underAppeal(), verdict(P1, 'acquittal')], then: 'under_appeal' },
    { name: 'is refused a second time in the same appeal', steps: () => [...underAppeal(), verdict(P1), verdict(P1)], then: '409 already-done' },
    { name: 'is given again in a retrial', steps: () => [...underAppeal(), appealDecided('returned_for_retrial'), verdict(P1)], then: 'decided' },
    { name: 'is refused in a closed case', steps: () => [...closedCase(), verdict(P1)], then: '409 case-finished' },
    {
      name: 'is refused when it occurred before the indictment',
      steps: () => {
        const journal = inCourt(P1);
        return [...journal, occurring(verdict(P1), hoursBefore(last(journal), 1))];
      },
      then: '422 occurred-too-early',
    },
  ]);

  it('an acquittal on appeal clears the sentence', () => {
    expect(given([...underAppeal(), verdict(P1, 'acquittal')]).persons[P1]).toMatchObject({ status: 'acquitted', sentenceRound: undefined });
  });

  it('a conviction on appeal keeps the sentence until the appeal court sentences anew', () => {
    expect(given([...underAppeal(), verdict(P1)]).persons[P1]).toMatchObject({ status: 'sentenced', verdict: { outcome: 'conviction', round: 1 } });
  });
});

describe('sentence', () => {
  itDecides([
    { name: 'sentences the convicted person of a decided case', steps: () => [...inCourt(P1), verdict(P1), sentence(P1)], then: 'decided' },
    { name: 'sentences a convicted person while another awaits a verdict', steps: () => [...inCourt(P1, P2), verdict(P1), sentence(P1)], then: 'in_court' },
    { name: 'imposes a fine without a term', steps: () => [...inCourt(P1), verdict(P1), sentence(P1, 'fine')], then: 'decided' },
    { name: 'is refused for an acquitted person', steps: () => [...inCourt(P1), verdict(P1, 'acquittal'), sentence(P1)], then: '422 missing-prerequisite' },
    { name: 'is refused for an accused without a verdict', steps: () => [...inCourt(P1, P2), verdict(P1), sentence(P2)], then: '422 missing-prerequisite' },
    { name: 'is refused for a person not in the case', steps: () => [...inCourt(P1), verdict(P1), sentence(P2)], then: '422 missing-prerequisite' },
    { name: 'is refused a second time', steps: () => [...decidedCase(), sentence(P1)], then: '409 already-done' },
    { name: 'the appeal court sentences anew', steps: () => [...underAppeal(), sentence(P1, 'imprisonment')], then: 'under_appeal' },
    { name: 'is refused a second time in the same appeal', steps: () => [...underAppeal(), sentence(P1), sentence(P1)], then: '409 already-done' },
    { name: 'is refused after the appeal was decided', steps: () => [...underAppeal(), appealDecided(), sentence(P1)], then: '409 already-done' },
    { name: 'is refused during the investigation', steps: () => [...withSuspects(P1), sentence(P1)], then: '422 wrong-stage' },
    { name: 'is refused without a term for a probation sentence', steps: () => [...inCourt(P1), verdict(P1), { ...sentence(P1), details: { sentenceType: 'probation' } }], then: '422 invalid-step' },
    { name: 'is refused in a closed case', steps: () => [...closedCase(), sentence(P1)], then: '409 case-finished' },
    {
      name: 'is refused when it occurred before the conviction',
      steps: () => {
        const journal = [...inCourt(P1), verdict(P1)];
        return [...journal, occurring(sentence(P1), hoursBefore(last(journal), 1))];
      },
      then: '422 occurred-too-early',
    },
  ]);

  it('a sentenced person of an appealed case is sentenced in the round of the appeal', () => {
    expect(given([...underAppeal(), sentence(P1)]).persons[P1].sentenceRound).toBe(1);
    expect(given([...decidedCase(), appealFiled(), appealDecided()]).persons[P1].sentenceRound).toBe(0);
  });
});

/** A case closed after P2 left it unjudged and P1 was convicted and sentenced. */
const closedWithoutP2 = () => [...inCourt(P1, P2), left(P2), verdict(P1), sentence(P1), closed()];

describe('person_left', () => {
  itDecides([
    { name: 'takes a suspect out of the investigation', steps: () => [...withSuspects(P1, P2), left(P1)], then: 'under_investigation' },
    { name: 'takes an accused out of the trial while another awaits a verdict', steps: () => [...inCourt(P1, P2), left(P1)], then: 'in_court' },
    { name: 'the last accused awaiting a verdict leaving decides the case', steps: () => [...inCourt(P1, P2), verdict(P2), left(P1)], then: 'decided' },
    { name: 'the last accused leaving before any verdict leaves the case in court, deciding nothing', steps: () => [...inCourt(P1), left(P1)], then: 'in_court' },
    { name: 'a judged person leaving keeps the case in court while another awaits a verdict', steps: () => [...inCourt(P1, P2), verdict(P1), left(P1)], then: 'in_court' },
    { name: 'is recorded while the proceedings are suspended', steps: () => [...suspendedCase(), left(P1)], then: 'suspended' },
    { name: 'is recorded in a terminated case, which may be resumed', steps: () => [...terminatedCase(), left(P1)], then: 'terminated' },
    { name: 'is recorded once the case is decided', steps: () => [...decidedCase(), left(P1, 'removed')], then: 'decided' },
    { name: 'is recorded under appeal', steps: () => [...underAppeal(), left(P1)], then: 'under_appeal' },
    { name: 'changes nothing for a person no step names', steps: () => [...withSuspects(P1), left(P2)], then: 'under_investigation' },
    { name: 'is refused for a person who has already left', steps: () => [...withSuspects(P1), left(P1), left(P1, 'removed')], then: '409 already-done' },
    { name: 'is refused in a closed case', steps: () => [...closedCase(), left(P1)], then: '409 case-finished' },
    { name: 'is refused in a joined case', steps: () => [...withSuspects(P1), joined(), left(P1)], then: '409 case-finished' },
    { name: 'is refused without a reason', steps: () => [...withSuspects(P1), { ...left(P1), details: {} }], then: '422 invalid-step' },
  ]);

  it('records when, by which step and why the person left, and keeps their standing', () => {
    const journal = [...withSuspects(P1), left(P1, 'removed')];
    expect(given(journal).persons[P1]).toMatchObject({ status: 'suspect', suspicionNotified: true, left: { since: last(journal).occurredAt, stepId: last(journal).stepId, reason: 'removed' } });
  });

  it('keeps the person’s detention and measures running until they are ended', () => {
    const person = given([...withSuspects(P1), detention(P1), measureApplied(P1, 'travel_ban'), left(P1)]).persons[P1];
    expect(person.detention).toBeDefined();
    expect(Object.keys(person.measures)).toEqual(['travel_ban']);
  });

  it('a person no step names stays unknown to the journal', () => {
    expect(given([...withSuspects(P1), left(P2)]).persons[P2]).toBeUndefined();
  });
});

describe('person_returned', () => {
  itDecides([
    { name: 'brings a suspect back into the investigation', steps: () => [...withSuspects(P1), left(P1), returned(P1)], then: 'under_investigation' },
    { name: 'brings an accused back to the trial', steps: () => [...inCourt(P1, P2), left(P1), returned(P1)], then: 'in_court' },
    {
      name: 'a judged person returning to a trial every accused has left decides the case',
      steps: () => [...inCourt(P1, P2), verdict(P1), left(P1), left(P2), returned(P1)],
      then: 'decided',
    },
    { name: 'brings a convicted person back to a decided case', steps: () => [...inCourt(P1, P2), verdict(P1), left(P1), verdict(P2), returned(P1)], then: 'decided' },
    { name: 'brings a person back into a terminated case', steps: () => [...withSuspects(P1), left(P1), terminated(), returned(P1)], then: 'terminated' },
    { name: 'changes nothing for a person no step names', steps: () => [...withSuspects(P1), returned(P2)], then: 'under_investigation' },
    { name: 'is refused for a person who has not left', steps: () => [...withSuspects(P1), returned(P1)], then: '409 already-done' },
    { name: 'is refused a second time', steps: () => [...withSuspects(P1), left(P1), returned(P1), returned(P1)], then: '409 already-done' },
    { name: 'is refused for an accused once the case was decided without them', steps: () => [...inCourt(P1, P2), left(P1), verdict(P2), returned(P1)], then: '422 wrong-stage' },
    {
      name: 'is refused for an accused while the case decided without them is under appeal',
      steps: () => [...inCourt(P1, P2), left(P1), verdict(P2), appealFiled(), returned(P1)],
      then: '422 wrong-stage',
    },
    { name: 'is refused in a closed case', steps: () => [...closedWithoutP2(), returned(P2)], then: '409 case-finished' },
  ]);

  it('restores the standing the person had', () => {
    const before = [...withSuspects(P1), detention(P1), plea(P1)];
    expect(given([...before, left(P1), returned(P1)]).persons[P1]).toEqual(given(before).persons[P1]);
  });
});

describe('a person who has left the case', () => {
  itDecides([
    { name: 'is released from detention', steps: () => [...withSuspects(P1), detention(P1), left(P1), release(P1)], then: 'under_investigation' },
    { name: 'is released from custody in court', steps: () => [...inCourt(P1, P2), measureApplied(P1), left(P1), release(P1)], then: 'in_court' },
    { name: 'has a measure lifted', steps: () => [...withSuspects(P1), measureApplied(P1, 'travel_ban'), left(P1), measureLifted(P1, 'travel_ban')], then: 'under_investigation' },
    { name: 'is not notified of suspicion', steps: () => [...investigating(), detention(P1), left(P1), suspicion(P1)], then: '422 person-left' },
    { name: 'is not detained', steps: () => [...withSuspects(P1), left(P1), detention(P1)], then: '422 person-left' },
    { name: 'is not put under a measure', steps: () => [...withSuspects(P1), left(P1), measureApplied(P1, 'bail')], then: '422 person-left' },
    { name: 'has no measure extended', steps: () => [...withSuspects(P1), measureApplied(P1), left(P1), measureExtended(P1)], then: '422 person-left' },
    { name: 'has no measure changed', steps: () => [...withSuspects(P1), measureApplied(P1), left(P1), measureChanged(P1, 'custody', 'house_arrest')], then: '422 person-left' },
    { name: 'concludes no plea agreement', steps: () => [...withSuspects(P1), left(P1), plea(P1)], then: '422 person-left' },
    { name: 'is not judged', steps: () => [...inCourt(P1, P2), left(P1), verdict(P1)], then: '422 person-left' },
    { name: 'is not sentenced', steps: () => [...inCourt(P1, P2), verdict(P1), left(P1), sentence(P1)], then: '422 person-left' },
    { name: 'is named again once they returned', steps: () => [...inCourt(P1, P2), left(P1), returned(P1), verdict(P1)], then: 'in_court' },
    { name: 'is refused as finished first in a closed case', steps: () => [...closedWithoutP2(), measureLifted(P2)], then: '409 case-finished' },
  ]);

  it('the refusal names personId and the step by which the person left', () => {
    const journal = [...inCourt(P1, P2), left(P1)];
    const decision = decide(given(journal), verdict(P1));
    expect(decision).toMatchObject({ ok: false, refusal: { status: 422, code: 'person-left', field: 'personId' } });
    expect(!decision.ok && decision.refusal.reason).toContain(`split off into another case, step ${last(journal).stepId}`);
  });
});
