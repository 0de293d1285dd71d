import {
  appealDecided, appealFiled, closedCase, decidedCase, detention, given, hoursBefore, inCourt, investigating, itDecides, last, occurring, P1, P2, plea,
  registration, resumed, sentence, suspicion, terminated, underAppeal, verdict, withSuspects,
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
