import {
  amend, annul, appealFiled, closed, closedCase, decidedCase, given, hoursBefore, inCourt, itDecides, joined, last, left, occurring, P1, P2, parole,
  reportReceived, reportRequested, sentence, terminated, verdict, withSuspects,
} from './journal-scenarios';
import { decide } from './journal';

/** A case in which P1 was convicted and sentenced to a year's imprisonment. */
const imprisoned = () => [...inCourt(P1), verdict(P1), sentence(P1, 'imprisonment')];

describe('conditional_early_release', () => {
  itDecides([
    { name: 'releases a person serving imprisonment once the case is decided', steps: () => [...imprisoned(), parole(P1)], then: 'decided' },
    { name: 'releases them after the case is closed, as parole usually comes', steps: () => [...imprisoned(), closed(), parole(P1)], then: 'closed' },
    { name: 'is refused for a probation sentence', steps: () => [...decidedCase(), parole(P1)], then: '422 missing-prerequisite' },
    { name: 'is refused for a fine', steps: () => [...inCourt(P1), verdict(P1), sentence(P1, 'fine'), parole(P1)], then: '422 missing-prerequisite' },
    { name: 'is refused for a convicted person not yet sentenced', steps: () => [...inCourt(P1), verdict(P1), parole(P1)], then: '422 missing-prerequisite' },
    { name: 'is refused while the court has not judged everyone', steps: () => [...inCourt(P1, P2), verdict(P1), sentence(P1, 'imprisonment'), parole(P1)], then: '422 wrong-stage' },
    { name: 'is refused for a person not in the case', steps: () => [...imprisoned(), parole(P2)], then: '422 missing-prerequisite' },
    { name: 'is refused a second time', steps: () => [...imprisoned(), parole(P1), parole(P1)], then: '409 already-done' },
    { name: 'is refused for longer than the sentence', steps: () => [...imprisoned(), parole(P1, 13)], then: '422 invalid-term' },
    { name: 'is refused while the sentence is under appeal', steps: () => [...imprisoned(), appealFiled(), parole(P1)], then: '422 wrong-stage' },
    { name: 'is refused in a terminated case', steps: () => [...withSuspects(P1), terminated(), parole(P1)], then: '409 case-finished' },
    {
      name: 'is refused before the sentence',
      steps: () => {
        const journal = imprisoned();
        return [...journal, occurring(parole(P1), hoursBefore(last(journal), 1))];
      },
      then: '422 occurred-too-early',
    },
  ]);

  it('remembers the sentence it rests on and the release', () => {
    const journal = [...imprisoned(), parole(P1)];
    expect(given(journal).persons[P1]).toMatchObject({ sentence: { type: 'imprisonment', termMonths: 12 }, releasedOnParole: { stepId: last(journal).stepId } });
  });

  it('is refused when a correction turns the imprisonment it rests on into probation', () => {
    const journal = [...imprisoned(), parole(P1)];
    const sentenced = journal[journal.length - 2];
    const state = given(journal);
    const decision = decide(state, amend(sentenced, { details: { sentenceType: 'probation', termMonths: 12 } }));
    expect(decision).toMatchObject({ ok: false, refusal: { code: 'correction-breaks-journal' } });
  });
});

describe('pre_sentence_report_requested', () => {
  itDecides([
    { name: 'is requested on a suspect under investigation', steps: () => [...withSuspects(P1), reportRequested(P1)], then: 'under_investigation' },
    { name: 'is requested on an accused in court', steps: () => [...inCourt(P1), reportRequested(P1)], then: 'in_court' },
    { name: 'is refused on a person without standing', steps: () => [...withSuspects(P1), reportRequested(P2)], then: '422 missing-prerequisite' },
    { name: 'is refused once a verdict was given', steps: () => [...inCourt(P1, P2), verdict(P1), reportRequested(P1)], then: '422 missing-prerequisite' },
    { name: 'is refused after the judgment', steps: () => [...decidedCase(), reportRequested(P1)], then: '422 wrong-stage' },
    { name: 'is refused in a closed case', steps: () => [...closedCase(), reportRequested(P1)], then: '409 case-finished' },
    { name: 'is refused while a request on the person is pending', steps: () => [...inCourt(P1), reportRequested(P1), reportRequested(P1)], then: '409 already-done' },
    {
      name: 'is requested again once the first report came in',
      steps: () => {
        const journal = [...inCourt(P1), reportRequested(P1)];
        return [...journal, reportReceived(P1, last(journal)), reportRequested(P1)];
      },
      then: 'in_court',
    },
    { name: 'is refused about a person who left the case', steps: () => [...inCourt(P1, P2), left(P1), reportRequested(P1)], then: '422 person-left' },
  ]);
});

describe('pre_sentence_report_received', () => {
  const requested = () => [...inCourt(P1), reportRequested(P1)];
  itDecides([
    {
      name: 'answers the request on the person',
      steps: () => {
        const journal = requested();
        return [...journal, reportReceived(P1, last(journal))];
      },
      then: 'in_court',
    },
    {
      name: 'comes in after the verdict too',
      steps: () => {
        const journal = requested();
        return [...journal, verdict(P1), sentence(P1), reportReceived(P1, journal[journal.length - 1])];
      },
      then: 'decided',
    },
    {
      name: 'comes in after the case is closed',
      steps: () => {
        const journal = requested();
        return [...journal, verdict(P1), sentence(P1), closed(), reportReceived(P1, journal[journal.length - 1])];
      },
      then: 'closed',
    },
    {
      name: 'comes in after the case was joined into another',
      steps: () => {
        const journal = [...withSuspects(P1), reportRequested(P1)];
        return [...journal, joined(), reportReceived(P1, last(journal))];
      },
      then: 'joined',
    },
    {
      name: 'comes in about a person who left the case',
      steps: () => {
        const journal = [...inCourt(P1, P2), reportRequested(P1)];
        return [...journal, left(P1), reportReceived(P1, last(journal))];
      },
      then: 'in_court',
    },
    { name: 'is refused without a request', steps: () => [...inCourt(P1), reportReceived(P1, last(inCourt(P1)))], then: '422 missing-prerequisite' },
    {
      name: 'is refused for a request on another person',
      steps: () => {
        const journal = [...inCourt(P1, P2), reportRequested(P1)];
        return [...journal, reportReceived(P2, last(journal))];
      },
      then: '422 missing-prerequisite',
    },
    {
      name: 'is refused a second time for the same request',
      steps: () => {
        const journal = requested();
        return [...journal, reportReceived(P1, last(journal)), reportReceived(P1, last(journal))];
      },
      then: '409 already-done',
    },
    {
      name: 'is refused before the request',
      steps: () => {
        const journal = requested();
        return [...journal, occurring(reportReceived(P1, last(journal)), hoursBefore(last(journal), 1))];
      },
      then: '422 occurred-too-early',
    },
  ]);

  it('marks the request answered', () => {
    const journal = requested();
    const received = reportReceived(P1, last(journal));
    expect(given([...journal, received]).persons[P1].reports).toEqual({ [last(journal).stepId]: { requestedAt: last(journal).occurredAt, receivedStepId: received.stepId } });
  });

  it('keeps a request from being annulled once its report is in', () => {
    const journal = requested();
    const request = last(journal);
    const state = given([...journal, reportReceived(P1, request)]);
    expect(decide(state, annul(request))).toMatchObject({ ok: false, refusal: { code: 'correction-breaks-journal' } });
  });
});
